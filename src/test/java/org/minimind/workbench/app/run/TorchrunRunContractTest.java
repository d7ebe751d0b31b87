package org.minimind.workbench.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.TestTrees;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.MemoryUsage;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.train.Evaluation;
import org.minimind.workbench.train.LayerStats;
import org.minimind.workbench.train.ParameterGroup;
import org.minimind.workbench.train.StepMetrics;

/**
 * The format contract with the Python recorder ({@code src/main/python/minimind_recorder}): a run
 * its training script wrote (the seed's model, 2 gloo ranks, 12 steps; see the README beside the
 * run) opens with the workbench's own readers exactly like one {@code --train} wrote.
 */
class TorchrunRunContractTest {
  static final Path RUN = Path.of("src", "test", "resources", "torchrun-run");
  static final int LAYERS = 2;
  static final int SLOTS = 256;

  /** Selections per layer in one global batch: 2 ranks x 4 sequences x 16 positions x 4 slots. */
  static final int SELECTIONS = 2 * 4 * 16 * 4;

  @TempDir Path tmp;

  @Test
  void curvesHaveTheWorkbenchColumnsAndTheSeedsLoss() throws Exception {
    assertTrue(RunDirectory.isRun(RUN));
    JsonObject manifest =
        com.google.gson.JsonParser.parseString(Files.readString(RunDirectory.manifestFile(RUN)))
            .getAsJsonObject();
    assertEquals("minimind-workbench-run/1", manifest.get("format").getAsString());
    assertEquals(2, manifest.get("world_size").getAsInt());

    List<String> header = MetricsCsv.readTable(RunDirectory.metricsFile(RUN)).columnNames();
    assertEquals(MetricsColumns.all(LAYERS), header);
    List<StepMetrics> rows = MetricsCsv.read(RunDirectory.metricsFile(RUN));
    assertEquals(12, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      StepMetrics m = rows.get(i);
      assertEquals(i + 1, m.step());
      assertEquals((i + 1L) * 2 * 4 * 16, m.tokensSeen(), "tokens of the global batch");
      assertEquals(m.ce() + m.aux(), m.loss(), 1e-9, "the seed's loss: ce + aux");
      assertTrue(m.ce() > 0 && m.ce() < 10 && m.aux() > 0, "step " + m.step());
      assertTrue(m.tokensPerSecond() > 0);
      assertNull(m.groupGradNorms().get(ParameterGroup.MEMORY_GATE), "the gate has no gradient");
      double sq = 0;
      for (ParameterGroup g : ParameterGroup.values()) {
        Double n = m.groupGradNorms().get(g);
        sq += n == null ? 0 : n * n;
      }
      assertEquals(m.gradNorm(), Math.sqrt(sq), 1e-6 * m.gradNorm(), "group norms make the total");
      assertEquals(LAYERS, m.layers().size());
      assertTrue(m.drift().avgL2Change() > 0 && m.drift().cosineSimilarity() > 0.99);
      assertEquals(m.step() % 6 == 0, Double.isFinite(m.valLoss()), "validation every 6 steps");
    }
    assertEquals(
        0.003 / 10 + 0.5 * 0.003 * (1 + Math.cos(Math.PI * 5 / 12)),
        rows.get(5).lr(),
        1e-12,
        "MiniMind's cosine schedule at step 6");
  }

  @Test
  void slotCountsAreTheGlobalBatchesAndMatchTheirStatistics() throws Exception {
    List<SlotCountsFile.Snapshot> snapshots = SlotCountsFile.read(RunDirectory.slotCountsFile(RUN));
    assertEquals(
        List.of(3L, 6L, 9L, 12L), snapshots.stream().map(SlotCountsFile.Snapshot::step).toList());
    List<StepMetrics> rows = MetricsCsv.read(RunDirectory.metricsFile(RUN));
    for (SlotCountsFile.Snapshot s : snapshots) {
      assertEquals(LAYERS, s.counts().length);
      for (int l = 0; l < LAYERS; l++) {
        int[] c = s.counts()[l];
        assertEquals(SLOTS, c.length);
        int total = 0;
        int used = 0;
        int max = 0;
        for (int v : c) {
          total += v;
          used += v > 0 ? 1 : 0;
          max = Math.max(max, v);
        }
        assertEquals(SELECTIONS, total, "every selection of both ranks, step " + s.step());
        LayerStats stats = rows.get((int) s.step() - 1).layers().get(l);
        assertEquals((double) used / SLOTS, stats.coverage(), 1e-7);
        assertEquals(SLOTS - used, stats.dead(), 0);
        assertEquals(max, stats.maxSelections(), 0);
      }
    }
  }

  @Test
  void driftIsTheLatestIntervalsPerSlotChange() throws Exception {
    SlotDriftFile.Latest drift = SlotDriftFile.read(RunDirectory.slotDriftFile(RUN));
    assertEquals(12, drift.step());
    assertEquals(SLOTS, drift.perSlotL2Change().length);
    double sum = 0;
    double max = 0;
    for (float v : drift.perSlotL2Change()) {
      sum += v;
      max = Math.max(max, v);
    }
    StepMetrics last = MetricsCsv.read(RunDirectory.metricsFile(RUN)).get(11);
    assertEquals(last.drift().avgL2Change(), sum / SLOTS, 1e-6);
    assertEquals(last.drift().maxL2Change(), max, 1e-6);
  }

  @Test
  void theReaderAndTheFollowerShowTheRunAsItGrows() throws Exception {
    RunHistory whole = new RunDirectoryReader().read(RUN);
    assertEquals(12, whole.rows());
    assertEquals(LAYERS, whole.layerCount());
    assertEquals(4, whole.slotCounts().size());
    assertEquals(12, whole.latestDrift().step());
    assertFalse(
        whole
            .snapshot()
            .column(MetricsColumns.layerStat(1, MemoryUsage.STAT_NAMES[0]))
            .allMissing());

    // the run as it was after step 5, then complete: what a follower sees of a run being written
    Path live = tmp.resolve("live");
    TestTrees.copy(RUN, live);
    List<String> lines = Files.readAllLines(RunDirectory.metricsFile(RUN), StandardCharsets.UTF_8);
    Files.writeString(
        RunDirectory.metricsFile(live), String.join("\n", lines.subList(0, 6)) + "\n");
    SlotCountsFile.truncateAfter(RunDirectory.slotCountsFile(live), 5);
    RunEventQueue queue = new RunEventQueue();
    try (RunFollower follower = new RunFollower(live, queue)) {
      follower.poll();
      assertEquals(List.of(5, 1), rowsAndCounts(queue.drain()));
      Files.copy(
          RunDirectory.metricsFile(RUN),
          RunDirectory.metricsFile(live),
          StandardCopyOption.REPLACE_EXISTING);
      Files.copy(
          RunDirectory.slotCountsFile(RUN),
          RunDirectory.slotCountsFile(live),
          StandardCopyOption.REPLACE_EXISTING);
      follower.poll();
      assertEquals(List.of(7, 3), rowsAndCounts(queue.drain()));
    }
  }

  private static List<Integer> rowsAndCounts(List<RunEvent> events) {
    int rows = 0;
    int counts = 0;
    for (RunEvent e : events) {
      if (e instanceof RunEvent.Rows r) {
        rows += r.rows().rowCount();
      } else if (e instanceof RunEvent.Counts) {
        counts++;
      }
    }
    return new ArrayList<>(List.of(rows, counts));
  }

  @Test
  void theCheckpointLoadsWithItsTrainerRecordAndTokenizer() throws Exception {
    Path checkpoint = RunDirectory.latestCheckpoint(RUN).orElseThrow();
    assertEquals("step-00000012", checkpoint.getFileName().toString());
    org.minimind.workbench.run.TrainerRecord record = RunDirectory.readTrainerRecord(checkpoint);
    assertEquals(12, record.step());
    assertEquals(12 * 2 * 4 * 16, record.tokensSeen());
    assertEquals(4, record.settings().batchSize());
    assertEquals(12, record.optimizerSteps().get(MemoryLM.MEMORY_BANK));
    assertFalse(record.optimizerSteps().containsKey("layers.0.memory_gate.keys"));

    JsonObject manifest =
        com.google.gson.JsonParser.parseString(Files.readString(RunDirectory.manifestFile(RUN)))
            .getAsJsonObject();
    BpeTokenizer tokenizer = BpeTokenizer.load(checkpoint.resolve("tokenizer.json"));
    try (MemoryLM model = Checkpoint.load(checkpoint, Device.cpu())) {
      ModelConfig config = model.config();
      assertEquals(ModelConfig.fromJson(manifest.getAsJsonObject("config").toString()), config);
      assertEquals(SLOTS, config.knowledgeNum());
      assertEquals(tokenizer.vocabSize(), config.vocabSize());
      assertEquals(manifest.get("parameters").getAsLong(), model.parameters().count());
      int[] ids =
          tokenizer.encode(
              "It is a truth universally acknowledged, that a single man in "
                  + "possession of a good fortune, must be in want of a wife. However little known");
      long[] row = new long[17];
      for (int i = 0; i < row.length; i++) {
        row[i] = ids[i];
      }
      double ce = Evaluation.crossEntropy(model, row, 1, 16);
      assertTrue(ce > 0 && ce < 2 * Math.log(config.vocabSize()), "cross entropy " + ce);
    }
  }
}
