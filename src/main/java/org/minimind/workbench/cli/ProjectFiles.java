package org.minimind.workbench.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds files that ship with the project (the sample corpus, the sample model) from wherever the
 * jar is started: the working directory first, then the project the jar was built in ({@code
 * target/minimind-workbench.jar} sits one level below it).
 */
final class ProjectFiles {
  private ProjectFiles() {}

  static Optional<Path> find(String relative) {
    Path cwd = Path.of(relative);
    if (Files.exists(cwd)) {
      return Optional.of(cwd);
    }
    try {
      Path code =
          Path.of(ProjectFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve(relative);
        if (Files.exists(candidate)) {
          return Optional.of(candidate);
        }
        if (Files.exists(dir.resolve("pom.xml"))) {
          break;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
