package org.minimind.workbench.app.chart;

/**
 * Points to plot: {@code x[i], y[i]} for {@code i < size}, without missing values.
 *
 * @param x abscissae, increasing
 * @param y ordinates
 * @param size valid points
 */
public record XySeries(double[] x, double[] y, int size) {
  public static final XySeries EMPTY = new XySeries(new double[0], new double[0], 0);

  public XySeries {
    if (size > x.length || size > y.length) {
      throw new IllegalArgumentException(
          "size " + size + " exceeds the arrays (" + x.length + ", " + y.length + ")");
    }
  }
}
