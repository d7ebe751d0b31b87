package org.minimind.workbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.model.MemoryDrift;
import org.minimind.workbench.train.LayerStats;
import org.minimind.workbench.train.ParameterGroup;
import org.minimind.workbench.train.StepMetrics;

class RunFilesTest {
  @TempDir Path tmp;

  static StepMetrics row(long step, double val) {
    Map<ParameterGroup, Double> norms = new EnumMap<>(ParameterGroup.class);
    for (ParameterGroup g : ParameterGroup.values()) {
      norms.put(g, g == ParameterGroup.MEMORY_GATE ? null : step * 0.1);
    }
    List<LayerStats> layers =
        List.of(
            new LayerStats(0.5, 1, 0.2, 3, 4, 5.5, 6, 0),
            new LayerStats(0.6, 2, 0.3, 4, 5, 6.5, 7, 1));
    return new StepMetrics(
        step,
        step * 100,
        3.5 - step * 0.01,
        3.0,
        0.5,
        1e-4,
        1234.5,
        0.9,
        layers,
        new MemoryDrift(0.01, 0.02, 0.999, 0.1, 12),
        norms,
        val,
        step * 0.5);
  }

  @Test
  void metricsRoundTripWithMissingCells() throws IOException {
    Path f = tmp.resolve("metrics.csv");
    MetricsCsv.append(f, List.of(row(10, Double.NaN)), 2);
    MetricsCsv.append(f, List.of(row(20, 2.75)), 2);
    List<String> lines = Files.readAllLines(f);
    assertEquals(3, lines.size(), "one header, then one line per row");
    assertEquals(String.join(",", MetricsColumns.all(2)), lines.get(0));
    List<StepMetrics> back = MetricsCsv.read(f);
    assertEquals(2, back.size());
    assertEquals(20, back.get(1).step());
    assertEquals(2000, back.get(1).tokensSeen());
    assertEquals(2.75, back.get(1).valLoss());
    assertTrue(Double.isNaN(back.get(0).valLoss()));
    assertNull(back.get(0).groupGradNorms().get(ParameterGroup.MEMORY_GATE));
    assertEquals(2.0, back.get(1).groupGradNorms().get(ParameterGroup.FUSION), 1e-12);
    assertEquals(6.5, back.get(1).layers().get(1).selectionVariance());
    assertEquals(0.999, back.get(1).drift().cosineSimilarity());
  }

  @Test
  void truncationKeepsCompleteRowsUpToTheStep() throws IOException {
    Path f = tmp.resolve("metrics.csv");
    MetricsCsv.append(f, List.of(row(10, 1), row(20, 1), row(30, 1)), 2);
    Files.writeString(f, Files.readString(f) + "40,4000,3.1");
    MetricsCsv.truncateAfter(f, 20);
    assertEquals(List.of(10L, 20L), MetricsCsv.read(f).stream().map(StepMetrics::step).toList());
    MetricsCsv.truncateAfter(f, 100);
    assertEquals(2, MetricsCsv.read(f).size());
  }

  @Test
  void notAMetricsFile() throws IOException {
    Path f = tmp.resolve("x.csv");
    Files.writeString(f, "a,b\n1,2\n");
    IOException e = assertThrows(IOException.class, () -> MetricsCsv.read(f));
    assertTrue(e.getMessage().contains("missing column 'step'"), e.getMessage());
  }

  @Test
  void slotCountsRoundTripSumAndTruncate() throws IOException {
    Path f = tmp.resolve("slot_counts.bin");
    int[] a0 = new int[100];
    int[] a1 = new int[100];
    a0[3] = 5;
    a0[99] = 70000;
    a1[0] = 1;
    SlotCountsFile.append(f, 50, List.of(a0, a1));
    int[] b0 = new int[100];
    b0[3] = 2;
    SlotCountsFile.append(f, 100, List.of(b0, new int[100]));
    SlotCountsFile.append(f, 150, List.of(new int[100], new int[100]));
    List<SlotCountsFile.Snapshot> all = SlotCountsFile.read(f);
    assertEquals(
        List.of(50L, 100L, 150L), all.stream().map(SlotCountsFile.Snapshot::step).toList());
    assertArrayEquals(a0, all.get(0).counts()[0]);
    assertArrayEquals(a1, all.get(0).counts()[1]);
    int[][] sum = SlotCountsFile.sum(all, 0, 100);
    assertEquals(7, sum[0][3]);
    assertEquals(70000, sum[0][99]);
    SlotCountsFile.truncateAfter(f, 100);
    assertEquals(2, SlotCountsFile.read(f).size());
    // a record cut short is ignored, then dropped on truncation
    byte[] whole = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(whole, whole.length - 3));
    assertEquals(1, SlotCountsFile.read(f).size());
    IOException e =
        assertThrows(IOException.class, () -> SlotCountsFile.append(f, 200, List.of(new int[7])));
    assertTrue(e.getMessage().contains("2 layers x 100 slots"), e.getMessage());
  }

  @Test
  void slotDriftKeepsTheLatest() throws IOException {
    Path f = tmp.resolve("slot_drift.bin");
    SlotDriftFile.write(f, 10, new float[] {1, 2, 3});
    SlotDriftFile.write(f, 20, new float[] {0.5f, 0.25f});
    SlotDriftFile.Latest l = SlotDriftFile.read(f);
    assertEquals(20, l.step());
    assertArrayEquals(new float[] {0.5f, 0.25f}, l.perSlotL2Change());
  }
}
