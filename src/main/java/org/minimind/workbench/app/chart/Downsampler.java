package org.minimind.workbench.app.chart;

/**
 * Reduces a long series to what a chart can show: min/max per bucket. The points are split into
 * {@code buckets} runs of equal length and each run contributes its smallest and its largest value
 * in their original order, so spikes (a loss blow-up, a dead-slot jump) survive while a 100k-step
 * run costs a plot of a few thousand points. Missing values (NaN) are skipped.
 */
public final class Downsampler {
  private Downsampler() {}

  /**
   * The points of {@code x, y} (the first {@code n}) without missing values, reduced to at most
   * {@code 2 * buckets} points when there are more.
   */
  public static XySeries minMax(double[] x, double[] y, int n, int buckets) {
    if (buckets <= 0) {
      throw new IllegalArgumentException("buckets (" + buckets + ") must be positive");
    }
    int present = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(y[i]) && !Double.isNaN(x[i])) {
        present++;
      }
    }
    if (present <= 2 * buckets) {
      double[] ox = new double[present];
      double[] oy = new double[present];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (!Double.isNaN(y[i]) && !Double.isNaN(x[i])) {
          ox[k] = x[i];
          oy[k] = y[i];
          k++;
        }
      }
      return new XySeries(ox, oy, k);
    }
    double[] ox = new double[2 * buckets];
    double[] oy = new double[2 * buckets];
    int k = 0;
    int seen = 0; // present points consumed so far
    int i = 0;
    for (int b = 0; b < buckets; b++) {
      int end = (int) ((long) present * (b + 1) / buckets); // present points up to this bucket
      int minI = -1;
      int maxI = -1;
      while (seen < end && i < n) {
        if (!Double.isNaN(y[i]) && !Double.isNaN(x[i])) {
          if (minI < 0 || y[i] < y[minI]) {
            minI = i;
          }
          if (maxI < 0 || y[i] > y[maxI]) {
            maxI = i;
          }
          seen++;
        }
        i++;
      }
      if (minI < 0) {
        continue;
      }
      int first = Math.min(minI, maxI);
      int second = Math.max(minI, maxI);
      ox[k] = x[first];
      oy[k] = y[first];
      k++;
      if (second != first) {
        ox[k] = x[second];
        oy[k] = y[second];
        k++;
      }
    }
    return new XySeries(ox, oy, k);
  }
}
