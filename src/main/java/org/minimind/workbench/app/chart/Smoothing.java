package org.minimind.workbench.app.chart;

/**
 * Exponential moving average as TensorBoard's smoothing slider computes it: {@code s = w * s + (1 -
 * w) * y}, divided by {@code 1 - w^k} (k values so far) so that the start is not pulled towards
 * zero. Missing values stay missing and do not count.
 */
public final class Smoothing {
  private Smoothing() {}

  /**
   * The smoothed first {@code n} values of {@code y}; {@code weight} 0 returns a copy.
   *
   * @param weight in [0, 1)
   */
  public static double[] ema(double[] y, int n, double weight) {
    if (!(weight >= 0 && weight < 1)) {
      throw new IllegalArgumentException("smoothing weight (" + weight + ") must be in [0, 1)");
    }
    double[] out = new double[n];
    double last = 0;
    double decay = 1; // weight^k
    for (int i = 0; i < n; i++) {
      double v = y[i];
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        out[i] = v;
        continue;
      }
      last = weight * last + (1 - weight) * v;
      decay *= weight;
      out[i] = weight == 0 ? v : last / (1 - decay);
    }
    return out;
  }
}
