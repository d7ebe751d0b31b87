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
   * The index range of the increasing {@code x[0..n)} that covers {@code [min, max]}, with one
   * point beyond each end so that lines run to the chart's edges: {@code {from, to}}.
   */
  public static int[] window(double[] x, int n, double min, double max) {
    int from = lowerBound(x, n, min) - 1;
    int to = lowerBound(x, n, max) + 1;
    from = Math.max(0, from);
    to = Math.min(n, to + 1);
    return new int[] {from, Math.max(from, to)};
  }

  /** The first index whose x is at least {@code v} (n if none). */
  private static int lowerBound(double[] x, int n, double v) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The points of {@code x, y} (the first {@code n}) without missing values, reduced to at most
   * {@code 2 * buckets + 2} points when there are more (the first and last points are kept).
   */
  public static XySeries minMax(double[] x, double[] y, int n, int buckets) {
    return minMax(x, y, 0, n, buckets);
  }

  /**
   * The points {@code from <= i < to} of {@code x, y} without missing values, reduced to at most
   * {@code 2 * buckets + 2} points when there are more: a zoomed chart re-reduces only what it
   * shows.
   */
  public static XySeries minMax(double[] x, double[] y, int from, int to, int buckets) {
    if (buckets <= 0) {
      throw new IllegalArgumentException("buckets (" + buckets + ") must be positive");
    }
    int present = 0;
    for (int i = from; i < to; i++) {
      if (!Double.isNaN(y[i]) && !Double.isNaN(x[i])) {
        present++;
      }
    }
    if (present <= 2 * buckets) {
      double[] ox = new double[present];
      double[] oy = new double[present];
      int k = 0;
      for (int i = from; i < to; i++) {
        if (!Double.isNaN(y[i]) && !Double.isNaN(x[i])) {
          ox[k] = x[i];
          oy[k] = y[i];
          k++;
        }
      }
      return new XySeries(ox, oy, k);
    }
    double[] ox = new double[2 * buckets + 2];
    double[] oy = new double[2 * buckets + 2];
    int k = 0;
    int firstPresent = -1;
    int lastPresent = -1;
    for (int i = from; i < to; i++) {
      if (!Double.isNaN(y[i]) && !Double.isNaN(x[i])) {
        lastPresent = i;
        if (firstPresent < 0) {
          firstPresent = i;
        }
      }
    }
    int seen = 0; // present points consumed so far
    int i = from;
    for (int b = 0; b < buckets; b++) {
      int end = (int) ((long) present * (b + 1) / buckets); // present points up to this bucket
      int minI = -1;
      int maxI = -1;
      while (seen < end && i < to) {
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
      if (b == 0 && first != firstPresent) { // the line starts where the data starts
        ox[k] = x[firstPresent];
        oy[k] = y[firstPresent];
        k++;
      }
      ox[k] = x[first];
      oy[k] = y[first];
      k++;
      if (second != first) {
        ox[k] = x[second];
        oy[k] = y[second];
        k++;
      }
    }
    if (k > 0 && ox[k - 1] != x[lastPresent]) { // ... and ends where it ends
      ox[k] = x[lastPresent];
      oy[k] = y[lastPresent];
      k++;
    }
    return new XySeries(ox, oy, k);
  }
}
