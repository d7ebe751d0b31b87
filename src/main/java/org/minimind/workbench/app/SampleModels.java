package org.minimind.workbench.app;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the files that ship with the project: the sample model the workbench opens with ({@code
 * sample-models/minimind-memory-small/}) and the sample corpus ({@code sample-models/corpus/}),
 * below the working directory or the project the jar was built in.
 */
public final class SampleModels {
  /** The sample checkpoint's folder. */
  public static final String SMALL = "sample-models/minimind-memory-small";

  /** The sample corpus's folder. */
  public static final String CORPUS = "sample-models/corpus";

  private SampleModels() {}

  /** The sample model's directory, or null when it cannot be found. */
  public static Path locate() {
    return find(SMALL);
  }

  /** The sample corpus's directory, or null. */
  public static Path corpus() {
    return find(CORPUS);
  }

  /** {@code relative} below the working directory or an ancestor of the code's location, or null. */
  public static Path find(String relative) {
    Path here = Path.of(relative);
    if (Files.exists(here)) {
      return here.toAbsolutePath().normalize();
    }
    try {
      Path code = Path.of(SampleModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve(relative);
        if (Files.exists(candidate)) {
          return candidate.toAbsolutePath().normalize();
        }
        if (Files.exists(dir.resolve("pom.xml"))) {
          break;
        }
      }
    } catch (Exception | Error e) {
      return null;
    }
    return null;
  }
}
