package org.minimind.workbench.app.drift;

/**
 * Equal-width bins over [0, max] of non-negative values (per-slot L2 changes).
 *
 * @param centers bin centres
 * @param counts values per bin
 * @param width bin width
 */
public record Histogram(double[] centers, double[] counts, double width) {

  /** Bins {@code values} into {@code bins} equal bins from 0 to their maximum. */
  public static Histogram of(float[] values, int bins) {
    if (bins <= 0) {
      throw new IllegalArgumentException("bins (" + bins + ") must be positive");
    }
    double max = 0;
    for (float v : values) {
      if (Float.isFinite(v)) {
        max = Math.max(max, v);
      }
    }
    double width = max > 0 ? max / bins : 1.0 / bins;
    double[] centers = new double[bins];
    double[] counts = new double[bins];
    for (int b = 0; b < bins; b++) {
      centers[b] = (b + 0.5) * width;
    }
    for (float v : values) {
      if (!Float.isFinite(v) || v < 0) {
        continue;
      }
      int b = (int) (v / width);
      counts[Math.min(b, bins - 1)]++;
    }
    return new Histogram(centers, counts, width);
  }
}
