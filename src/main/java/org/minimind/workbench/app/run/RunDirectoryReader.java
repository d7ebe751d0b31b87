package org.minimind.workbench.app.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a run directory's files into a {@link RunHistory}.
 *
 * <p>Placeholder until the run-directory readers of {@code org.minimind.workbench.metrics} exist:
 * it finds nothing to show, so opening a checkpoint ignores its metrics.
 */
public final class RunDirectoryReader implements RunReader {

  @Override
  public RunHistory read(Path directory) throws IOException {
    throw new IOException(directory + ": reading run directories is not available in this build");
  }

  @Override
  public boolean hasMetrics(Path directory) {
    return false;
  }
}
