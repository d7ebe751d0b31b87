package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's slot statistics, computed by the kernels, on small hand-computed cases. */
class SlotUsageTest {
  private static SlotUsage usage(NDManager m, int slots, long[]... layers) {
    List<NDArray> indices =
        java.util.Arrays.stream(layers)
            .map(ids -> m.create(ids, new Shape(1, ids.length, 1)))
            .toList();
    return Kernels.get().slotUsage(indices, slots);
  }

  @Test
  void handComputedCase() {
    try (NDManager m = NDManager.newBaseManager()) {
      // 4 slots, 8 selections: counts 4, 2, 2, 0.
      SlotUsage s = usage(m, 4, new long[] {0, 0, 1, 0, 2, 1, 0, 2});
      assertArrayEquals(new int[] {4, 2, 2, 0}, s.countsOnHost()[0]);
      MemoryUsage u = s.layer(0);
      assertEquals(8, u.totalSelections());
      assertEquals(0.75, u.coverageRate(), 1e-12);
      assertEquals(1, u.deadMemories());
      assertEquals(4, u.maxSelections());
      assertEquals(0, u.minSelections());
      // unbiased variance of (4, 2, 2, 0): mean 2, squares 4 + 0 + 0 + 4 = 8, / 3
      assertEquals(8.0 / 3, u.selectionVariance(), 1e-6);
      // sorted p = (0, .25, .25, .5); gini = 2 * (0 + .5 + .75 + 2) / (4 * 1) - 5 / 4 = 0.375
      assertEquals(0.375, u.giniCoefficient(), 1e-7);
      // kl = sum .25 * (log .25 - log(p + 1e-10))
      double kl =
          0.25 * (Math.log(0.25) - Math.log(1e-10))
              + 2 * 0.25 * (Math.log(0.25) - Math.log(0.25))
              + 0.25 * (Math.log(0.25) - Math.log(0.5));
      assertEquals(kl, u.klDivergence(), 1e-5);
      assertEquals(0.5 * kl + 0.5 * 0.375, u.balanceLoss(), 1e-5);
      assertEquals(u.balanceLoss(), s.balanceLoss(), 0);
      // 0.9 quantile of (0, 2, 2, 4): rank 2.7 -> 2 + 0.7 * 2 = 3.4; only the 4 is >= it
      assertEquals(1, u.hotMemories());
    }
  }

  @Test
  void everyLayerIsCountedOnItsOwn() {
    try (NDManager m = NDManager.newBaseManager()) {
      SlotUsage s =
          usage(
              m,
              10,
              new long[] {0, 0, 1, 2, 3, 4, 5, 9, 9, 9},
              new long[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
      assertEquals(2, s.layers().size());
      // counts (2, 1, 1, 1, 1, 1, 0, 0, 0, 3): the 0.9 quantile interpolates to 2.1
      assertEquals(1, s.layer(0).hotMemories());
      assertEquals(3, s.layer(0).deadMemories());
      assertArrayEquals(new int[] {0, 0, 0, 10, 0, 0, 0, 0, 0, 0}, s.countsOnHost()[1]);
      assertEquals(9, s.layer(1).deadMemories());
      assertEquals(s.layer(0).balanceLoss() + s.layer(1).balanceLoss(), s.balanceLoss(), 1e-12);
    }
  }

  @Test
  void uniformUsageHasZeroGiniAndFullCoverage() {
    try (NDManager m = NDManager.newBaseManager()) {
      MemoryUsage u = usage(m, 4, new long[] {0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2, 3}).layer(0);
      assertEquals(0, u.giniCoefficient(), 1e-7);
      assertEquals(1, u.coverageRate());
      assertEquals(0, u.klDivergence(), 1e-6);
      assertEquals(4, u.hotMemories()); // all equal to the quantile
    }
  }

  @Test
  void rejectsIndicesOutsideTheBank() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThrows(EngineException.class, () -> usage(m, 4, new long[] {4}).layers());
    }
  }
}
