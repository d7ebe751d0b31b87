package org.minimind.workbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.TestTrees;
import org.minimind.workbench.cli.Main;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.data.tokenizer.BpeTrainer;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;
import org.minimind.workbench.session.NewRun;
import org.minimind.workbench.session.ResumeRun;
import org.minimind.workbench.session.TrainingSession;
import org.minimind.workbench.train.Preset;
import org.minimind.workbench.train.StepMetrics;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.TrainingSummary;

/**
 * Run directories through the command line and the sessions: nothing written before the inputs are
 * checked, a run that never checkpointed started again, a kill between the renames of {@code best}
 * repaired, a damaged latest checkpoint skipped, a second writer refused, and {@code --checkpoint
 * RUN} accepted by every mode.
 */
class RunRecoveryTest {
  @TempDir static Path shared;
  static Path corpus;
  static Path tokenizer;

  /** A finished 20-step run: checkpoints at steps 10 and 20, a best. */
  static Path base;

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void baseRun() throws IOException, URISyntaxException {
    corpus = Path.of(RunRecoveryTest.class.getResource("/tokenizer/corpus.txt").toURI());
    BpeTokenizer tok =
        BpeTrainer.builder().vocabSize(512).build().train(List.of(Files.readString(corpus)));
    tokenizer = shared.resolve("tokenizer.json");
    tok.save(tokenizer);
    base = shared.resolve("base");
    Run r = train(base);
    assertEquals(0, r.code, r.err);
  }

  @AfterEach
  void noFaults() {
    RunDirectory.setFaults(null);
  }

  static Run cli(String... args) {
    var cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  /** A 20-step tiny run; {@code extra} replaces defaults given here (option, value pairs). */
  static Run train(Path out, String... extra) {
    Map<String, String> opts = new LinkedHashMap<>();
    String[] defaults = {
      "--device", "cpu", "--preset", "tiny", "--corpus", corpus.toString(),
      "--tokenizer", tokenizer.toString(), "--out", out.toString(), "--max-steps", "20",
      "--log-interval", "5", "--eval-interval", "10", "--eval-batches", "1",
      "--checkpoint-interval", "10", "--counts-interval", "10", "--val-fraction", "0.05",
      "--keep-last", "3", "--lr", "2e-3"
    };
    for (int i = 0; i < defaults.length; i += 2) {
      opts.put(defaults[i], defaults[i + 1]);
    }
    for (int i = 0; i < extra.length; i += 2) {
      opts.put(extra[i], extra[i + 1]);
    }
    List<String> args = new ArrayList<>(List.of("--train"));
    opts.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    return cli(args.toArray(String[]::new));
  }

  static Run resume(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--train", "--resume", "--device", "cpu", "--out", out.toString()));
    args.addAll(List.of(extra));
    return cli(args.toArray(String[]::new));
  }

  static void failAt(String point) {
    RunDirectory.setFaults(
        p -> {
          if (p.equals(point)) {
            throw new IOException("killed at " + p);
          }
        });
  }

  static NewRun newRun(Path out, long steps) {
    return new NewRun(
        out,
        corpus,
        tokenizer,
        Preset.TINY.config(),
        "tiny",
        TrainSettings.defaults(steps),
        DType.F32,
        0.05,
        Device.cpu());
  }

  @Test
  void nothingIsWrittenBeforeTheInputsAreChecked() throws IOException {
    Path out = tmp.resolve("big-batch");
    Run r = train(out, "--batch", "4000");
    assertEquals(1, r.code);
    assertTrue(r.err.contains("fewer than one batch of 4000"), r.err);
    assertFalse(Files.exists(out), "nothing created for a refused run");

    Path small = tmp.resolve("small.txt");
    Files.writeString(small, "too short\n");
    Path out2 = tmp.resolve("small-corpus");
    Run s = train(out2, "--corpus", small.toString());
    assertEquals(1, s.code);
    assertTrue(s.err.contains("training sequences"), s.err);
    assertFalse(Files.exists(out2), "nothing created for a refused run");
  }

  @Test
  void aRunKilledBeforeItsFirstCheckpointIsStartedAgainInPlace() throws IOException {
    Path out = tmp.resolve("never");
    failAt("checkpoint-written");
    Run killed = train(out);
    assertEquals(1, killed.code);
    RunDirectory.setFaults(null);
    assertTrue(RunDirectory.isRun(out));
    assertEquals(List.of(), RunDirectory.checkpoints(out));

    Run cannotResume = resume(out);
    assertEquals(1, cannotResume.code);
    assertTrue(
        cannotResume.err.contains("--train without --resume starts it again"), cannotResume.err);

    try (TrainingSession again = TrainingSession.start(newRun(out, 4))) {
      assertTrue(
          again.notices().stream()
              .anyMatch(n -> n.contains("never completed a checkpoint; starting it again")),
          again.notices().toString());
      assertEquals(TrainingSummary.Reason.MAX_STEPS, again.trainer().run().reason());
    }
    assertEquals(4, RunDirectory.stepOf(RunDirectory.latestCheckpoint(out).orElseThrow()));
    assertEquals(List.of(4L), steps(out), "the killed attempt's rows are gone");

    Run refused = train(out);
    assertEquals(1, refused.code);
    assertTrue(
        refused.err.contains("already holds a training run with a checkpoint at step 4"),
        refused.err);
  }

  @Test
  void aKillBetweenTheRenamesOfBestIsRepairedByTheResume() throws IOException {
    Path out = tmp.resolve("best");
    failAt("best-retired");
    Run killed = train(out);
    assertEquals(1, killed.code);
    RunDirectory.setFaults(null);
    Path checkpoints = out.resolve("checkpoints");
    assertFalse(Files.exists(checkpoints.resolve("best")), "the kill fell between the renames");
    assertTrue(Files.exists(checkpoints.resolve(".old-best")));

    Run generated =
        cli(
            "--generate",
            "--device",
            "cpu",
            "--checkpoint",
            out.toString(),
            "--prompt",
            "Once",
            "--max-new-tokens",
            "3");
    assertEquals(0, generated.code, generated.err);

    // killed in the second promotion, at step 20, after the step's own checkpoint
    assertEquals(20, RunDirectory.stepOf(RunDirectory.modelToLoad(out)));
    try (RunDirectory reopened = RunDirectory.openForWriting(out)) {
      assertEquals(20, RunDirectory.stepOf(RunDirectory.bestCheckpoint(out).orElseThrow()));
    }
    Run resumed = resume(out, "--max-steps", "30");
    assertEquals(0, resumed.code, resumed.err);
    assertTrue(RunDirectory.bestCheckpoint(out).isPresent());
    try (Stream<Path> s = Files.list(checkpoints)) {
      assertEquals(
          List.of(),
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList());
    }
    assertStrictlyIncreasing(steps(out));
  }

  @Test
  void aDamagedLatestCheckpointIsSetAsideAndTheRunResumesFromTheOneBefore() throws IOException {
    Path out = tmp.resolve("damaged");
    TestTrees.copy(base, out);
    Path latest = out.resolve("checkpoints/step-00000020");
    Files.writeString(latest.resolve("model.safetensors"), "not weights any more");
    Path half = out.resolve("checkpoints/step-00000030"); // a directory without a trainer record
    Files.createDirectories(half);
    Files.writeString(half.resolve("model.safetensors"), "half");

    try (TrainingSession session =
        TrainingSession.resume(new ResumeRun(out, 30L, null, null, Device.cpu()))) {
      String notices = String.join("\n", session.notices());
      assertTrue(
          notices.contains("step-00000020: damaged checkpoint")
              && notices.contains("resuming from step-00000010 (step 10)"),
          notices);
      assertEquals(TrainingSummary.Reason.MAX_STEPS, session.trainer().run().reason());
    }
    assertTrue(Files.isDirectory(out.resolve("checkpoints/step-00000020.damaged")));
    assertEquals(
        List.of(10L, 20L, 30L),
        RunDirectory.checkpoints(out).stream().map(RunDirectory::stepOf).toList());
    assertEquals(List.of(5L, 10L, 15L, 20L, 25L, 30L), steps(out));
  }

  @Test
  void aSecondWriterIsRefusedWithTheHoldersProcessId() throws IOException {
    Path out = tmp.resolve("busy");
    TestTrees.copy(base, out);
    long pid = ProcessHandle.current().pid();
    try (TrainingSession holder =
        TrainingSession.resume(new ResumeRun(out, 30L, null, null, Device.cpu()))) {
      Run second = resume(out, "--max-steps", "40");
      assertEquals(1, second.code);
      assertTrue(
          second.err.contains("another training process is writing this run (pid " + pid),
          second.err);
      Run fresh = train(out);
      assertEquals(1, fresh.code);
      assertTrue(fresh.err.contains("(pid " + pid), fresh.err);
      IOException e = assertThrows(IOException.class, () -> TrainingSession.start(newRun(out, 4)));
      assertTrue(e.getMessage().contains("pid " + pid), e.getMessage());
      assertEquals(List.of(5L, 10L, 15L, 20L), steps(out), "the refused writers wrote nothing");
    }
    Run after = resume(out, "--max-steps", "25");
    assertEquals(0, after.code, after.err);
  }

  @Test
  void everyModeTakesARunDirectoryAsItsCheckpoint() throws IOException {
    assertEquals(base.resolve("checkpoints/best"), RunDirectory.modelToLoad(base));
    Path noBest = tmp.resolve("no-best");
    TestTrees.copy(base, noBest);
    TestTrees.delete(noBest.resolve("checkpoints/best"));
    assertEquals(noBest.resolve("checkpoints/step-00000020"), RunDirectory.modelToLoad(noBest));
    Path file = base.resolve("checkpoints/step-00000010/model.safetensors");
    assertEquals(file, RunDirectory.modelToLoad(file));
    assertEquals(file.getParent(), RunDirectory.modelToLoad(file.getParent()));
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty.resolve("checkpoints"));
    IOException e = assertThrows(IOException.class, () -> RunDirectory.modelToLoad(empty));
    assertTrue(e.getMessage().contains("without a complete checkpoint"), e.getMessage());

    Run generated =
        cli(
            "--generate",
            "--device",
            "cpu",
            "--checkpoint",
            base.toString(),
            "--prompt",
            "Once",
            "--max-new-tokens",
            "3");
    assertEquals(0, generated.code, generated.err);

    Path inputs = tmp.resolve("ids.safetensors");
    SafeTensors.write(
        inputs,
        Map.of(
            "input_ids",
            TensorData.ofLongs("input_ids", new long[] {1, 4}, new long[] {1, 2, 3, 4})),
        Map.of());
    Run dumped =
        cli(
            "--dump",
            "--device",
            "cpu",
            "--checkpoint",
            base.toString(),
            "--inputs",
            inputs.toString(),
            "--out",
            tmp.resolve("dump").toString());
    assertEquals(0, dumped.code, dumped.err);
    assertTrue(Files.isRegularFile(tmp.resolve("dump.safetensors")));

    Run none =
        cli("--generate", "--device", "cpu", "--checkpoint", empty.toString(), "--prompt", "Once");
    assertEquals(1, none.code);
    assertTrue(none.err.contains("without a complete checkpoint"), none.err);
  }

  static List<Long> steps(Path run) throws IOException {
    return MetricsCsv.read(RunDirectory.metricsFile(run)).stream().map(StepMetrics::step).toList();
  }

  static void assertStrictlyIncreasing(List<Long> steps) {
    for (int i = 1; i < steps.size(); i++) {
      assertTrue(steps.get(i) > steps.get(i - 1), "steps out of order: " + steps);
    }
  }
}
