package org.minimind.workbench.app.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.slots.InterventionComparison.TokenChange;

class ComparisonTextTest {
  @Test
  void aRiseIsGreenAFallRedAndNoChangeTransparent() {
    assertTrue(ComparisonText.tint(0.1, 0.5).startsWith("rgba(46, 160, 67, "));
    assertTrue(ComparisonText.tint(0.5, 0.1).startsWith("rgba(229, 57, 53, "));
    assertTrue(ComparisonText.tint(0.3, 0.3).endsWith(", 0.000)"));
  }

  @Test
  void aLargerRatioIsMoreOpaqueUpToAFactorOfTen() {
    assertTrue(alpha(ComparisonText.tint(0.1, 0.2)) < alpha(ComparisonText.tint(0.1, 0.8)));
    assertEquals(alpha(ComparisonText.tint(0.001, 0.01)), alpha(ComparisonText.tint(0.0001, 0.9)));
    assertEquals(alpha(ComparisonText.tint(0.5, 0.05)), alpha(ComparisonText.tint(0.05, 0.5)));
  }

  private static double alpha(String rgba) {
    return Double.parseDouble(rgba.substring(rgba.lastIndexOf(',') + 1, rgba.length() - 1));
  }

  @Test
  void theLargestChangesComeFirstWhicheverTheirSign() {
    List<TokenChange> changes =
        List.of(
            new TokenChange(0, 10, "a", 0.5, 0.45),
            new TokenChange(1, 11, "b", 0.1, 0.6),
            new TokenChange(2, 12, "c", 0.7, 0.1),
            new TokenChange(3, 13, "d", 0.2, 0.2));
    assertEquals(
        List.of(2, 1, 0, 3),
        ComparisonText.largest(changes).stream().map(TokenChange::index).toList());
    assertEquals(
        "token 2 'c': p 0.7000 -> 0.1000 (-0.6000)", ComparisonText.describe(changes.get(2), "c"));
  }
}
