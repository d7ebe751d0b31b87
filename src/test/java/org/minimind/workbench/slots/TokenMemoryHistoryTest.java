package org.minimind.workbench.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.cli.Main;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.data.tokenizer.BpeTrainer;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.run.RunDirectory;

/**
 * A slot page of a token-memory run trained here (a few steps, a checkpoint every two, the EMA
 * update every step): the slot's ids at each checkpoint, and its counts per snapshot.
 */
class TokenMemoryHistoryTest {
  @TempDir static Path dir;
  static Path run;
  static BpeTokenizer tokenizer;

  @BeforeAll
  static void train() throws IOException, URISyntaxException {
    Path corpus =
        Path.of(TokenMemoryHistoryTest.class.getResource("/tokenizer/corpus.txt").toURI());
    tokenizer =
        BpeTrainer.builder().vocabSize(512).build().train(List.of(Files.readString(corpus)));
    Path tok = dir.resolve("tokenizer.json");
    tokenizer.save(tok);
    run = dir.resolve("run");
    var cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int code =
        cl.execute(
            "--train",
            "--device",
            "cpu",
            "--preset",
            "tiny",
            "--memory-variant",
            "token",
            "--ema-update-freq",
            "1",
            "--corpus",
            corpus.toString(),
            "--tokenizer",
            tok.toString(),
            "--out",
            run.toString(),
            "--max-steps",
            "6",
            "--checkpoint-interval",
            "2",
            "--keep-last",
            "5",
            "--counts-interval",
            "2",
            "--log-interval",
            "2",
            "--eval-interval",
            "0",
            "--eval-batches",
            "1",
            "--val-fraction",
            "0.05",
            "--batch",
            "2",
            "--lr",
            "2e-3");
    assertEquals(0, code, err.toString());
  }

  @Test
  void aTokenSlotsIdsAreShownAtEveryCheckpoint() throws IOException {
    Path best = RunDirectory.checkpointToLoad(run).orElseThrow();
    List<Path> steps = RunDirectory.checkpoints(run);
    assertEquals(3, steps.size(), steps.toString());
    try (MemoryLM model = Checkpoint.load(best, Device.cpu())) {
      int[] text = tokenizer.encode("It is a truth universally acknowledged that a single man");
      SlotIndex index =
          new SlotIndexBuilder(IndexSettings.DEFAULTS, null)
              .build(model, IndexCorpus.of("text", text), IndexedCheckpoint.of(best));
      SlotReport report = new SlotReport(index, RunDirectory.runOf(best).orElseThrow(), tokenizer);
      int slot = index.mostSelected(0, 1)[0];
      SlotPage page = report.page(0, slot);
      List<SlotReport.TokenIdsAt> ids = page.tokenIds();
      assertEquals(3, ids.size(), ids.toString());
      int[] previous = null;
      for (int i = 0; i < ids.size(); i++) {
        SlotReport.TokenIdsAt at = ids.get(i);
        assertEquals(RunDirectory.stepOf(steps.get(i)), at.step());
        try (MemoryLM m = Checkpoint.load(steps.get(i), Device.cpu())) {
          assertArrayEquals(m.tokenMemory().orElseThrow().slot(slot), at.ids());
        }
        assertEquals(tokenizer.decode(at.ids()), at.text());
        assertEquals(previous != null && !Arrays.equals(previous, at.ids()), at.changed());
        previous = at.ids();
      }
      List<SlotCountsFile.Snapshot> snaps = SlotCountsFile.read(RunDirectory.slotCountsFile(run));
      assertEquals(snaps.size(), page.counts().size());
      for (int i = 0; i < snaps.size(); i++) {
        assertEquals(snaps.get(i).step(), page.counts().get(i).step());
        assertEquals(snaps.get(i).counts()[0][slot], page.counts().get(i).count());
      }
      assertTrue(page.drift().isPresent());
    }
  }
}
