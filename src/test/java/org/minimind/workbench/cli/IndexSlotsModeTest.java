package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.TestTrees;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.slots.IndexHeader;
import org.minimind.workbench.slots.SlotIndex;

/**
 * {@code --index-slots} through the real command line, on the committed tiny run (2 layers, 1,024
 * slots, max_seq_len 64): the index lands beside the checkpoint, and bad input gets one line.
 */
class IndexSlotsModeTest {
  static final Path TINY_RUN = Path.of("src", "test", "resources", "ui", "tiny-run");

  @TempDir Path tmp;

  @Test
  void writesTheIndexBesideTheRunsCheckpoint() throws IOException {
    Path run = tmp.resolve("run");
    TestTrees.copy(TINY_RUN, run);
    CliRun r =
        CliRun.of(
            "--index-slots",
            "--device",
            "cpu",
            "--checkpoint",
            run.toString(),
            "--tokens",
            "1000",
            "--top-k",
            "4",
            "--batch",
            "3");
    assertEquals(0, r.code(), r.err());
    Path best = RunDirectory.bestCheckpoint(run).orElseThrow();
    Path file = RunDirectory.slotIndexFile(best);
    assertTrue(Files.isRegularFile(file), r.out());
    IndexHeader h = SlotIndex.open(file).header();
    assertEquals(1000, h.tokens());
    assertEquals(4, h.topK());
    assertEquals(2, h.layers());
    assertEquals(1024, h.knowledgeNum());
    assertEquals(64, h.chunkLength());
    assertEquals(RunDirectory.stepOf(best), h.checkpointStep());
    assertEquals(64, h.checkpointFingerprint().length());
    assertTrue(h.corpus().startsWith("validation then train documents of"), h.corpus());
    assertTrue(
        r.out().contains("tokens/s") && r.out().contains(file.toAbsolutePath().toString()),
        r.out());
  }

  @Test
  void outNamesAnotherFileAndChunkAnotherLength() throws IOException {
    Path file = tmp.resolve("idx.bin");
    CliRun r =
        CliRun.of(
            "--index-slots",
            "--device",
            "cpu",
            "--checkpoint",
            TINY_RUN.toString(),
            "--tokens",
            "300",
            "--chunk",
            "32",
            "--split",
            "train",
            "--out",
            file.toString());
    assertEquals(0, r.code(), r.err());
    IndexHeader h = SlotIndex.open(file).header();
    assertEquals(32, h.chunkLength());
    assertEquals(16, h.topK());
    assertTrue(h.corpus().startsWith("train documents of"), h.corpus());
  }

  @Test
  void badValuesAreUsageErrors() {
    String cp = TINY_RUN.toString();
    assertUsage(
        CliRun.of("--index-slots", "--checkpoint", cp, "--top-k", "0"), "--top-k must be positive");
    assertUsage(
        CliRun.of("--index-slots", "--checkpoint", cp, "--tokens", "-5"),
        "--tokens must be positive");
    assertUsage(
        CliRun.of("--index-slots", "--checkpoint", cp, "--batch", "0"), "--batch must be within");
    assertUsage(
        CliRun.of("--index-slots", "--checkpoint", cp, "--split", "test"),
        "--split must be validation-then-train, validation, train or all");
  }

  @Test
  void badInputFailsWithOneLine() throws IOException {
    CliRun missing =
        CliRun.of(
            "--index-slots", "--device", "cpu", "--checkpoint", tmp.resolve("nope").toString());
    assertFailure(missing, "nope");

    Path empty = tmp.resolve("empty.txt");
    Files.writeString(empty, "");
    CliRun noText =
        CliRun.of(
            "--index-slots",
            "--device",
            "cpu",
            "--checkpoint",
            TINY_RUN.toString(),
            "--corpus",
            empty.toString(),
            "--split",
            "all",
            "--out",
            tmp.resolve("e.bin").toString());
    assertFailure(noText, "no tokens to index");
    assertFalse(Files.exists(tmp.resolve("e.bin")));

    CliRun longChunk =
        CliRun.of(
            "--index-slots",
            "--device",
            "cpu",
            "--checkpoint",
            TINY_RUN.toString(),
            "--chunk",
            "65",
            "--tokens",
            "100",
            "--out",
            tmp.resolve("c.bin").toString());
    assertFailure(longChunk, "chunk length (65) must be at most the model's max_seq_len (64)");
  }

  private static void assertUsage(CliRun r, String message) {
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(message), r.err());
  }

  private static void assertFailure(CliRun r, String message) {
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("error: ") && r.err().contains(message), r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error")).count(), r.err());
  }
}
