package org.minimind.workbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.minimind.workbench.model.SampleModel;

/**
 * Finds the files that ship with the project: the sample model the workbench opens with (as {@link
 * SampleModel} finds it) and the sample corpus ({@code sample-models/corpus/}), below the working
 * directory or the project the jar was built in.
 */
public final class SampleModels {
  /** The sample corpus's folder. */
  public static final String CORPUS = "sample-models/corpus";

  private SampleModels() {}

  /** The sample model's directory ({@link SampleModel#locate()}), or null when there is none. */
  public static Path locate() {
    return SampleModel.locate().orElse(null);
  }

  /** The sample corpus's directory, or null. */
  public static Path corpus() {
    return find(CORPUS);
  }

  /**
   * {@code relative} below the working directory or an ancestor of the code's location, or null.
   */
  public static Path find(String relative) {
    Path here = Path.of(relative);
    if (Files.exists(here)) {
      return here.toAbsolutePath().normalize();
    }
    try {
      Path code =
          Path.of(SampleModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
