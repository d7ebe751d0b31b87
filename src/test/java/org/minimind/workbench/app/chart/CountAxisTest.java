package org.minimind.workbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** A log colour bar over few decades is labelled at 2 and 5 times each decade too. */
class CountAxisTest {
  @Test
  void twoAndFiveTimesEachDecadeWithinAFewDecades() {
    assertArrayEquals(new double[] {2, 5, 20, 50, 200}, CountAxis.betweenDecades(1, 300), 1e-9);
    assertArrayEquals(new double[] {0.5, 2, 5}, CountAxis.betweenDecades(0.4, 6), 1e-9);
  }

  @Test
  void decadesAloneOverMoreThanThreeDecadesOrAnEmptyRange() {
    assertArrayEquals(new double[0], CountAxis.betweenDecades(1, 1e5), 0);
    assertArrayEquals(new double[0], CountAxis.betweenDecades(0, 100), 0);
    assertArrayEquals(new double[0], CountAxis.betweenDecades(5, 5), 0);
  }
}
