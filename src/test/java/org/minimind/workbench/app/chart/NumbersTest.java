package org.minimind.workbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Chart and table numbers read as people write them, never in Java's E-notation. */
class NumbersTest {
  @Test
  void largeNumbersTakeSuffixes() {
    assertEquals("65.54k", Numbers.readable(65_536));
    assertEquals("20k", Numbers.readable(20_000));
    assertEquals("1.049M", Numbers.readable(1_048_576));
    assertEquals("2.5G", Numbers.readable(2.5e9));
    assertEquals("9999", Numbers.readable(9999));
  }

  @Test
  void smallNumbersAreScientificOnlyBelowAThousandth() {
    assertEquals("0.001", Numbers.readable(0.001));
    assertEquals("2.5e-4", Numbers.readable(0.00025));
    assertEquals("-1.2e-7", Numbers.readable(-1.2e-7));
    assertEquals("5.525", Numbers.readable(5.52461));
    assertEquals("0.975", Numbers.readable(0.97500000001, 6));
  }

  @Test
  void specialValues() {
    assertEquals("0", Numbers.readable(0));
    assertEquals("-", Numbers.readable(Double.NaN));
    assertEquals("inf", Numbers.readable(Double.POSITIVE_INFINITY));
    assertEquals("24", Numbers.ticks().toString(24.0));
  }
}
