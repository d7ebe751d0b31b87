package org.minimind.workbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DownsamplerTest {

  @Test
  void shortSeriesAreKeptWithoutMissingValues() {
    double[] x = {1, 2, 3, 4};
    double[] y = {5, Double.NaN, 7, 8};
    XySeries s = Downsampler.minMax(x, y, 4, 10);
    assertEquals(3, s.size());
    assertArrayEquals(new double[] {1, 3, 4}, java.util.Arrays.copyOf(s.x(), 3));
    assertArrayEquals(new double[] {5, 7, 8}, java.util.Arrays.copyOf(s.y(), 3));
  }

  @Test
  void longSeriesKeepTheirExtremesInOrder() {
    int n = 100_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      y[i] = Math.sin(i / 1000.0);
    }
    y[54_321] = 42; // a spike must survive
    y[77_777] = -42;
    XySeries s = Downsampler.minMax(x, y, n, 500);
    assertTrue(s.size() <= 1002, "at most two points per bucket and the ends, got " + s.size());
    assertEquals(n, s.x()[s.size() - 1]);
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < s.size(); i++) {
      max = Math.max(max, s.y()[i]);
      min = Math.min(min, s.y()[i]);
      if (i > 0) {
        assertTrue(s.x()[i] > s.x()[i - 1], "x increases");
      }
    }
    assertEquals(42, max);
    assertEquals(-42, min);
    assertEquals(1, s.x()[0]);
  }

  @Test
  void onlyTheFirstNValuesCount() {
    double[] x = {1, 2, 3, 99};
    double[] y = {1, 2, 3, 99};
    assertEquals(3, Downsampler.minMax(x, y, 3, 4).size());
  }

  @Test
  void aWindowCoversTheRangeWithOnePointBeyondEachEnd() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    assertArrayEquals(new int[] {1, 6}, Downsampler.window(x, 8, 3, 5));
    assertArrayEquals(new int[] {0, 8}, Downsampler.window(x, 8, -10, 100));
    XySeries s = Downsampler.minMax(x, x, 1, 6, 10);
    assertEquals(5, s.size());
    assertEquals(2, s.x()[0]);
    assertEquals(6, s.x()[4]);
  }
}
