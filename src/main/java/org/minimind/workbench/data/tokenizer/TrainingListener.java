package org.minimind.workbench.data.tokenizer;

/**
 * Receives progress from {@link BpeTrainer}; called on the training thread, so implementations
 * should return quickly (a GUI should hand the report to its own thread).
 */
@FunctionalInterface
public interface TrainingListener {

  /** A listener that ignores every report. */
  TrainingListener NONE = progress -> {};

  /** Called at the start and end of each stage and periodically within it. */
  void onProgress(TrainingProgress progress);
}
