package org.minimind.workbench.model;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the workbench's bundled sample model is: {@code sample-models/minimind-memory-small}, in
 * the working directory or in the folder above the running jar's (the jar is {@code
 * target/minimind-workbench.jar} in the repository, so that is the repository root). The system
 * property {@value #PROPERTY}, when set, names the model directory instead and is the only place
 * looked at.
 */
public final class SampleModel {
  /** System property naming the sample model's directory. */
  public static final String PROPERTY = "minimind.sample.model";

  /** The sample model's directory, relative to the working directory or the repository root. */
  public static final Path RELATIVE = Path.of("sample-models", "minimind-memory-small");

  private SampleModel() {}

  /** The first candidate that is a checkpoint directory, if any. */
  public static Optional<Path> locate() {
    for (Path p : candidates()) {
      if (isCheckpoint(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Where {@link #locate} looks, in order. */
  public static List<Path> candidates() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return List.of(Path.of(property));
    }
    List<Path> out = new ArrayList<>();
    out.add(Path.of("").toAbsolutePath().resolve(RELATIVE));
    jarDirectory()
        .map(Path::getParent)
        .map(p -> p.resolve(RELATIVE))
        .filter(p -> !out.contains(p))
        .ifPresent(out::add);
    return out;
  }

  private static boolean isCheckpoint(Path dir) {
    try {
      Checkpoint.locate(dir);
      return Files.isDirectory(dir);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The directory holding the jar (or class folder) this class was loaded from. */
  private static Optional<Path> jarDirectory() {
    try {
      var source = SampleModel.class.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return Optional.empty();
      }
      Path p = Path.of(source.getLocation().toURI()).toAbsolutePath();
      return Optional.ofNullable(Files.isRegularFile(p) ? p.getParent() : p);
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
