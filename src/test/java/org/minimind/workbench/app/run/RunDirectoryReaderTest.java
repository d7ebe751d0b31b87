package org.minimind.workbench.app.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.app.TestRuns;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.train.ParameterGroup;
import org.minimind.workbench.train.StepMetrics;

/** A run directory as the headless trainer writes it, read back and followed. */
class RunDirectoryReaderTest {
  @TempDir Path dir;

  private void writeRows(int from, int to) throws Exception {
    List<StepMetrics> rows = new ArrayList<>();
    for (int s = from; s <= to; s++) {
      rows.add(TestRuns.step(s, 2));
    }
    MetricsCsv.append(RunDirectory.metricsFile(dir), rows, 2);
  }

  @Test
  void readsMetricsSlotCountsAndDrift() throws Exception {
    writeRows(1, 20);
    SlotCountsFile.append(
        RunDirectory.slotCountsFile(dir),
        10,
        List.of(new int[] {1, 2, 0, 0}, new int[] {0, 0, 3, 4}));
    SlotCountsFile.append(
        RunDirectory.slotCountsFile(dir),
        20,
        List.of(new int[] {0, 2, 0, 0}, new int[] {0, 0, 3, 0}));
    SlotDriftFile.write(RunDirectory.slotDriftFile(dir), 20, new float[] {0.1f, 0.2f, 0.3f, 0.4f});

    RunReader reader = new RunDirectoryReader();
    assertTrue(reader.hasMetrics(dir));
    RunHistory h = reader.read(dir);
    assertEquals(20, h.rows());
    assertEquals(20, h.lastStep());
    assertEquals(2, h.layerCount());
    RunHistory.Snapshot s = h.snapshot();
    assertTrue(
        s.column(MetricsColumns.groupNorm(ParameterGroup.MEMORY_GATE)).allMissing(),
        "an empty cell (no gradient) reads back as missing");
    assertEquals(
        2,
        s.column(MetricsColumns.VAL_LOSS).toArray().length
            - countMissing(s.column(MetricsColumns.VAL_LOSS)));
    assertEquals(2, h.slotCounts().size());
    assertArrayEquals(new int[] {0, 0, 3, 4}, h.slotCounts().get(0).counts()[1]);
    assertEquals(20, h.latestDrift().step());
  }

  private static int countMissing(ColumnView v) {
    int n = 0;
    for (int i = 0; i < v.size(); i++) {
      n += Double.isNaN(v.get(i)) ? 1 : 0;
    }
    return n;
  }

  @Test
  void aFolderWithoutRunFilesHasNoMetrics() {
    assertFalse(new RunDirectoryReader().hasMetrics(dir));
  }

  @Test
  void followingPicksUpAppendedRowsOnly() throws Exception {
    WorkbenchState state = new WorkbenchState();
    RunHistory live = new RunHistory("followed", dir);
    state.showLiveRun(live);
    RunFollower follower = new RunFollower(dir, state.events());
    follower.poll(); // nothing written yet
    writeRows(1, 5);
    follower.poll();
    state.drainEvents();
    assertEquals(5, live.rows());
    writeRows(6, 9);
    SlotCountsFile.append(
        RunDirectory.slotCountsFile(dir),
        9,
        List.of(new int[] {1, 0, 0, 0}, new int[] {0, 1, 0, 0}));
    follower.poll();
    follower.poll(); // a second poll adds nothing
    state.drainEvents();
    assertEquals(9, live.rows());
    assertEquals(9, live.lastStep());
    assertEquals(1, live.slotCounts().size());
    assertEquals(9, state.currentStepProperty().get());
    // a partly written last line waits for its newline
    Files.writeString(
        RunDirectory.metricsFile(dir), "10,5120,1.0", java.nio.file.StandardOpenOption.APPEND);
    follower.poll();
    state.drainEvents();
    assertEquals(9, live.rows());
    follower.close();
  }
}
