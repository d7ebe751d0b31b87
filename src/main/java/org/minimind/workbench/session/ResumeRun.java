package org.minimind.workbench.session;

import ai.djl.Device;
import java.nio.file.Path;

/**
 * How to continue a run.
 *
 * @param out the run directory
 * @param maxSteps a new length for the run, or null to keep its own
 * @param timeBudgetSeconds a wall-time limit for this session, or null for none
 * @param corpus the corpus if it moved (it must be the same text), or null for the recorded path
 * @param device where to train
 */
public record ResumeRun(
    Path out, Long maxSteps, Double timeBudgetSeconds, Path corpus, Device device) {}
