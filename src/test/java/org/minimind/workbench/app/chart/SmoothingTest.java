package org.minimind.workbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmoothingTest {

  @Test
  void zeroWeightIsTheIdentity() {
    double[] y = {3, 1, 4, 1, 5};
    assertArrayEquals(y, Smoothing.ema(y, 5, 0));
  }

  @Test
  void debiasingKeepsAConstantConstant() {
    double[] y = {2, 2, 2, 2};
    for (double v : Smoothing.ema(y, 4, 0.9)) {
      assertEquals(2, v, 1e-12);
    }
  }

  @Test
  void missingValuesStayMissingAndDoNotCount() {
    double[] out = Smoothing.ema(new double[] {1, Double.NaN, 1}, 3, 0.5);
    assertEquals(1, out[0], 1e-12);
    assertTrue(Double.isNaN(out[1]));
    assertEquals(1, out[2], 1e-12);
  }

  @Test
  void smoothsTowardsTheRecentValues() {
    double[] out = Smoothing.ema(new double[] {0, 0, 0, 10}, 4, 0.5);
    assertTrue(out[3] > 0 && out[3] < 10);
  }

  @Test
  void rejectsWeightsOutsideTheUnitInterval() {
    assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(new double[1], 1, 1.0));
  }
}
