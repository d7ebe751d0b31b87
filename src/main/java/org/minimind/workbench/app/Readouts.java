package org.minimind.workbench.app;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How the views print what differs between two runs of the same work: measured durations and rates
 * (tokens/s), and where a file lives on this machine.
 *
 * <p>{@link #MEASURED} prints them as they are. {@link #fixed} prints a placeholder of the same
 * shape for each duration and rate, and paths relative to a base folder, so that the same work
 * shown twice (on two machines, from two clones) draws the same pixels: the UI tests compare
 * screenshots with golden images under it. Nothing else changes; the measurements themselves stay
 * available to the code that reads them.
 */
public final class Readouts {
  /** Prints measured values and absolute paths: what the workbench window uses. */
  public static final Readouts MEASURED = new Readouts(null);

  private final Path base;

  private Readouts(Path base) {
    this.base = base;
  }

  /** Placeholders for durations and rates; paths relative to {@code base} when under it. */
  public static Readouts fixed(Path base) {
    return new Readouts(base.toAbsolutePath().normalize());
  }

  /** Whether durations and rates are replaced by placeholders. */
  public boolean isFixed() {
    return base != null;
  }

  /** A rate such as tokens per second, with one decimal ("31.5"), or "-.-". */
  public String rate(double perSecond) {
    return base != null ? "-.-" : String.format(Locale.ROOT, "%.1f", perSecond);
  }

  /** A duration in seconds with two decimals ("0.52"), or "-.--". */
  public String seconds(double seconds) {
    return base != null ? "-.--" : String.format(Locale.ROOT, "%.2f", seconds);
  }

  /** {@code path}, absolute; under a fixed base, relative to it when it lies inside. */
  public String path(Path path) {
    Path p = path.toAbsolutePath().normalize();
    if (base != null && p.startsWith(base)) {
      return base.relativize(p).toString();
    }
    return p.toString();
  }
}
