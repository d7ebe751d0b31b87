package org.minimind.workbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.train.TrainSettings;

/**
 * Replacing {@code checkpoints/best} stopped at every point between its steps, as a kill would stop
 * it: readers still find a checkpoint, and the next writer leaves exactly one complete {@code
 * best}, the previous one or the new one.
 */
class BestPromotionTest {
  static final List<String> POINTS = List.of("best-copied", "best-retired", "best-promoted");

  @TempDir Path tmp;

  @AfterEach
  void noFaults() {
    RunDirectory.setFaults(null);
  }

  /** A step checkpoint with a trainer record (the weights are not read here). */
  static Path checkpoint(Path run, long step) throws IOException {
    Path dir = run.resolve("checkpoints").resolve(String.format("step-%08d", step));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("model.safetensors"), "weights of step " + step);
    TrainerRecord record =
        new TrainerRecord(
            step,
            step * 100,
            1.0 / step,
            1.0 / step,
            "{}",
            TrainSettings.defaults(10),
            Map.of(),
            0);
    Files.writeString(dir.resolve("trainer.json"), new Gson().toJson(record));
    return dir;
  }

  static void assertOnlyBest(Path run, long step) throws IOException {
    Path best = RunDirectory.bestCheckpoint(run).orElseThrow(() -> new AssertionError("no best"));
    assertEquals(step, RunDirectory.stepOf(best));
    assertEquals("weights of step " + step, Files.readString(best.resolve("model.safetensors")));
    try (var s = Files.list(run.resolve("checkpoints"))) {
      assertEquals(
          List.of(),
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "leftovers beside best");
    }
  }

  @Test
  void aFailureAtAnyStepLeavesTheOldOrTheNewBest() throws IOException {
    for (String point : POINTS) {
      Path dir = tmp.resolve(point);
      try (RunDirectory run = RunLockTest.newRun(dir)) {
        run.promoteBest(checkpoint(dir, 1));
        Path second = checkpoint(dir, 2);
        RunDirectory.setFaults(
            p -> {
              if (p.equals(point)) {
                throw new IOException("killed at " + p);
              }
            });
        IOException e = assertThrows(IOException.class, () -> run.promoteBest(second));
        assertEquals("killed at " + point, e.getMessage());
        RunDirectory.setFaults(null);
      }
      // Readers meanwhile: best if it is there, else the latest step; never nothing.
      Path shown = RunDirectory.checkpointToLoad(dir).orElseThrow();
      assertTrue(RunDirectory.stepOf(shown) >= 1, point);
      try (RunDirectory reopened = RunDirectory.openForWriting(dir)) {
        assertOnlyBest(dir, point.equals("best-copied") ? 1 : 2);
        if (point.equals("best-retired")) {
          assertTrue(reopened.notices().get(0).contains("restored"), reopened.notices().toString());
        }
      }
    }
  }

  @Test
  void aCopyCutShortIsDroppedAndAnOldBestSetAsideIsRestored() throws IOException {
    Path dir = tmp.resolve("run");
    try (RunDirectory run = RunLockTest.newRun(dir)) {
      run.promoteBest(checkpoint(dir, 1));
    }
    Path checkpoints = dir.resolve("checkpoints");
    // killed while copying the new best: no trainer record in the copy yet
    Files.createDirectories(checkpoints.resolve(".tmp-best"));
    Files.writeString(checkpoints.resolve(".tmp-best/model.safetensors"), "half");
    RunDirectory.openForWriting(dir).close();
    assertOnlyBest(dir, 1);

    // best set aside and its replacement incomplete (a copy not flushed before a crash)
    Files.move(checkpoints.resolve("best"), checkpoints.resolve(".old-best"));
    Files.createDirectories(checkpoints.resolve(".tmp-best"));
    RunDirectory.openForWriting(dir).close();
    assertOnlyBest(dir, 1);
  }

  @Test
  void aFirstBestCopiedInFullIsPromotedOnReopening() throws IOException {
    Path dir = tmp.resolve("run");
    try (RunDirectory run = RunLockTest.newRun(dir)) {
      Path first = checkpoint(dir, 5);
      RunDirectory.setFaults(
          p -> {
            if (p.equals("best-copied")) {
              throw new IOException("killed");
            }
          });
      assertThrows(IOException.class, () -> run.promoteBest(first));
      RunDirectory.setFaults(null);
    }
    assertFalse(RunDirectory.bestCheckpoint(dir).isPresent());
    assertEquals(5, RunDirectory.stepOf(RunDirectory.checkpointToLoad(dir).orElseThrow()));
    RunDirectory.openForWriting(dir).close();
    assertOnlyBest(dir, 5); // the copy was complete: it is the best it was meant to become
  }
}
