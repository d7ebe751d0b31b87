package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The seed's slot statistics on small hand-computed cases. */
class MemoryUsageTest {
  @Test
  void handComputedCase() {
    // 4 slots, 8 selections: counts 4, 2, 2, 0.
    MemoryUsage u = MemoryUsage.fromIndices(new long[] {0, 0, 1, 0, 2, 1, 0, 2}, 4);
    assertEquals(4, u.counts()[0]);
    assertEquals(0, u.counts()[3]);
    assertEquals(0.75, u.coverageRate(), 1e-12);
    assertEquals(1, u.deadMemories());
    assertEquals(4, u.maxSelections());
    assertEquals(0, u.minSelections());
    // unbiased variance of (4, 2, 2, 0): mean 2, squares 4 + 0 + 0 + 4 = 8, / 3
    assertEquals(8.0 / 3, u.selectionVariance(), 1e-12);
    // sorted p = (0, .25, .25, .5); gini = 2 * (0 + .5 + .75 + 2) / (4 * 1) - 5 / 4 = 0.375
    assertEquals(0.375, u.giniCoefficient(), 1e-7);
    // kl = sum .25 * (log .25 - log(p + 1e-10))
    double kl =
        0.25 * (Math.log(0.25) - Math.log(1e-10))
            + 2 * 0.25 * (Math.log(0.25) - Math.log(0.25))
            + 0.25 * (Math.log(0.25) - Math.log(0.5));
    assertEquals(kl, u.klDivergence(), 1e-5);
    assertEquals(0.5 * kl + 0.5 * 0.375, u.balanceLoss(), 1e-5);
    // 0.9 quantile of (0, 2, 2, 4): rank 2.7 -> 2 + 0.7 * 2 = 3.4; only the 4 is >= it
    assertEquals(1, u.hotMemories());
  }

  @Test
  void quantileInterpolatesLinearlyAsTorch() {
    assertEquals(9.0, MemoryUsage.quantile(new int[] {0, 0, 1, 2, 3, 4, 5, 9, 9, 9}, 0.9f), 1e-6);
    assertEquals(3.4, MemoryUsage.quantile(new int[] {0, 2, 2, 4}, 0.9f), 1e-6);
    assertEquals(5.0, MemoryUsage.quantile(new int[] {5}, 0.9f), 0);
  }

  @Test
  void uniformUsageHasZeroGiniAndFullCoverage() {
    MemoryUsage u = MemoryUsage.fromCounts(new int[] {3, 3, 3, 3}, 12);
    assertEquals(0, u.giniCoefficient(), 1e-7);
    assertEquals(1, u.coverageRate());
    assertEquals(0, u.klDivergence(), 1e-6);
    assertEquals(4, u.hotMemories()); // all equal to the quantile
  }

  @Test
  void rejectsIndicesOutsideTheBank() {
    assertThrows(IllegalArgumentException.class, () -> MemoryUsage.fromIndices(new long[] {4}, 4));
  }
}
