package org.minimind.workbench.app;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the workbench finds the sample model it opens with: {@code
 * sample-models/minimind-memory-small/} below the working directory or beside the jar's folder.
 */
public final class SampleModels {
  /** The sample checkpoint's folder name. */
  public static final String SMALL = "minimind-memory-small";

  private SampleModels() {}

  /** The sample model's directory, or null when it cannot be found. */
  public static Path locate() {
    for (Path base : new Path[] {Path.of(""), Path.of(".."), jarParent()}) {
      if (base == null) {
        continue;
      }
      Path dir = base.resolve("sample-models").resolve(SMALL);
      if (Files.isDirectory(dir)) {
        return dir.toAbsolutePath().normalize();
      }
    }
    return null;
  }

  private static Path jarParent() {
    try {
      Path jar = Path.of(SampleModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = jar.getParent();
      return dir == null ? null : dir.getParent();
    } catch (Exception | Error e) {
      return null;
    }
  }
}
