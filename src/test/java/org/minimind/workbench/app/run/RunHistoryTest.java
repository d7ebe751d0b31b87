package org.minimind.workbench.app.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.TestRuns;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.train.ParameterGroup;

class RunHistoryTest {

  private static Map<String, Double> row(double step, Object... pairs) {
    Map<String, Double> r = new LinkedHashMap<>();
    r.put("step", step);
    for (int i = 0; i < pairs.length; i += 2) {
      r.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
    }
    return r;
  }

  @Test
  void columnsAppearingLaterAreMissingBefore() {
    RunHistory h = new RunHistory("r", null);
    h.append(row(1, "loss", 3.0));
    h.append(row(2, "loss", 2.5, "val_loss", 2.7));
    h.append(row(3));
    RunHistory.Snapshot s = h.snapshot();
    assertEquals(3, s.rows());
    assertArrayEquals(new double[] {3.0, 2.5, Double.NaN}, s.column("loss").toArray());
    assertArrayEquals(new double[] {Double.NaN, 2.7, Double.NaN}, s.column("val_loss").toArray());
    assertEquals(3, h.lastStep());
    assertEquals(0, s.column("no_such_column").size());
  }

  @Test
  void aRowNeedsAStep() {
    RunHistory h = new RunHistory("r", null);
    assertThrows(IllegalArgumentException.class, () -> h.append(Map.of("loss", 1.0)));
  }

  @Test
  void stepMetricsLandInTheMetricsCsvColumns() {
    RunHistory h = TestRuns.history("r", 5, 2);
    assertEquals(2, h.layerCount());
    RunHistory.Snapshot s = h.snapshot();
    assertEquals(5, s.column(MetricsColumns.LOSS).size());
    assertTrue(s.column(MetricsColumns.groupNorm(ParameterGroup.MEMORY_GATE)).allMissing());
    assertEquals(0.5, s.column(MetricsColumns.groupNorm(ParameterGroup.FUSION)).get(4));
    assertEquals(0.8, s.column(MetricsColumns.layerStat(1, "gini_coefficient")).get(0), 0.02);
  }

  @Test
  void snapshotsAreStableWhileRowsArrive() {
    RunHistory h = TestRuns.history("r", 3, 1);
    RunHistory.Snapshot before = h.snapshot();
    for (int i = 4; i < 2000; i++) {
      h.append(row(i, "loss", 1.0));
    }
    assertEquals(3, before.column(MetricsColumns.LOSS).size());
    assertEquals(1999, h.snapshot().column(MetricsColumns.LOSS).size());
  }

  @Test
  void slotCountSnapshotsMergePairwiseWhenOverTheCap() {
    RunHistory h = new RunHistory("r", null, 4 * 2 * 4); // room for 4 snapshots of 2 x 4
    for (int step = 1; step <= 5; step++) {
      h.addSlotCounts(
          new SlotCountsFile.Snapshot(step, new int[][] {{1, 0, 0, step}, {0, 1, 0, 0}}));
    }
    List<SlotCountsFile.Snapshot> s = h.slotCounts();
    assertEquals(3, s.size());
    assertEquals(2, s.get(0).step());
    assertArrayEquals(new int[] {2, 0, 0, 3}, s.get(0).counts()[0]);
    assertEquals(5, s.get(2).step());
    int total = 0;
    for (SlotCountsFile.Snapshot x : s) {
      total += x.counts()[0][3];
    }
    assertEquals(1 + 2 + 3 + 4 + 5, total, "sums over all steps are kept");
  }

  @Test
  void layerOfReadsTheLayerIndex() {
    assertEquals(12, MetricColumns.layerOf("layer_12_gini_coefficient"));
    assertEquals(-1, MetricColumns.layerOf("loss"));
  }
}
