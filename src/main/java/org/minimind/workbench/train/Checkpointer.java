package org.minimind.workbench.train;

import java.io.IOException;
import java.nio.file.Path;

/** Writes the loop's state somewhere durable; see {@link TrainingRun}. */
@FunctionalInterface
public interface Checkpointer {
  /**
   * Saves a checkpoint of the current state.
   *
   * @return the checkpoint's directory
   */
  Path save(TrainerState state, boolean best) throws IOException;
}
