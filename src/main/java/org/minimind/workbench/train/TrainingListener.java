package org.minimind.workbench.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Observes a training run. The loop calls listeners on its own thread: a listener that feeds a user
 * interface must only hand the numbers over (enqueue) and return.
 */
public interface TrainingListener {
  /** Once, before the first step (after a resume, before the first new step). */
  default void onStart(TrainingStart start) {}

  /** After every optimizer step, for progress displays. */
  default void onProgress(long step, long totalSteps, double loss, double tokensPerSecond) {}

  /** At every logged step. */
  default void onStep(StepMetrics metrics) {}

  /** Per-layer per-slot selection counts of the step's batch, every few logged steps. */
  default void onSlotCounts(long step, List<int[]> countsPerLayer) {}

  /**
   * At every logged step: each memory slot's L2 change over the last logging interval (the
   * distances behind {@link StepMetrics#drift()}), for a histogram.
   */
  default void onSlotDrift(long step, float[] perSlotL2Change) {}

  /** After a checkpoint was written. */
  default void onCheckpoint(long step, Path dir, boolean best) {}

  /** Once, when the loop ends for whatever reason. */
  default void onFinish(TrainingSummary summary) {}
}
