package org.minimind.workbench.app.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads what a training run wrote to its directory ({@code metrics.csv}, {@code slot_counts.bin},
 * {@code slot_drift.bin}) into a {@link RunHistory}.
 */
public interface RunReader {
  /** Everything the run directory (or a checkpoint directory with metrics) holds so far. */
  RunHistory read(Path directory) throws IOException;

  /** Whether {@code directory} holds anything this reader can show. */
  boolean hasMetrics(Path directory);
}
