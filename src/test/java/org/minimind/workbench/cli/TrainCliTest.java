package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.TestTrees;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.data.tokenizer.BpeTrainer;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.run.TrainerRecord;
import org.minimind.workbench.train.CorpusTrainingData;
import org.minimind.workbench.train.Evaluation;
import org.minimind.workbench.train.StepMetrics;
import tech.tablesaw.api.Table;

/** {@code --train} end to end on a small corpus: the run directory, its curves, resuming. */
class TrainCliTest {
  @TempDir static Path shared;
  static Path corpus;
  static Path tokenizer;

  @BeforeAll
  static void tokenizer() throws IOException, URISyntaxException {
    corpus = Path.of(TrainCliTest.class.getResource("/tokenizer/corpus.txt").toURI());
    BpeTokenizer tok =
        BpeTrainer.builder().vocabSize(512).build().train(List.of(Files.readString(corpus)));
    tokenizer = shared.resolve("tokenizer.json");
    tok.save(tokenizer);
  }

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    var cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    return new Run(cl.execute(args), "", err.toString());
  }

  /** A tiny run; {@code extra} replaces defaults given here (option, value pairs). */
  static Run train(Path out, String... extra) {
    java.util.Map<String, String> opts = new java.util.LinkedHashMap<>();
    String[] defaults = {
      "--device", "cpu", "--preset", "tiny", "--corpus", corpus.toString(),
      "--tokenizer", tokenizer.toString(), "--out", out.toString(), "--max-steps", "40",
      "--log-interval", "5", "--eval-interval", "20", "--eval-batches", "2",
      "--checkpoint-interval", "20", "--counts-interval", "10", "--val-fraction", "0.05",
      "--lr", "2e-3"
    };
    for (int i = 0; i < defaults.length; i += 2) {
      opts.put(defaults[i], defaults[i + 1]);
    }
    for (int i = 0; i < extra.length; i += 2) {
      opts.put(extra[i], extra[i + 1]);
    }
    List<String> args = new java.util.ArrayList<>(List.of("--train"));
    opts.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    return cli(args.toArray(String[]::new));
  }

  @Test
  void trainsRecordsAndResumesOnTheSameCurve(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("a");
    Run r = train(a);
    assertEquals(0, r.code, r.err);

    // metrics.csv: every column, one row per logged step, cross entropy falling.
    Table table = MetricsCsv.readTable(a.resolve("metrics.csv"));
    assertEquals(MetricsColumns.all(2), table.columnNames());
    List<StepMetrics> rows = MetricsCsv.read(a.resolve("metrics.csv"));
    assertEquals(
        List.of(5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L),
        rows.stream().map(StepMetrics::step).toList());
    assertTrue(
        rows.get(7).ce() < rows.get(0).ce() - 0.5,
        "cross entropy falls: " + rows.get(0).ce() + " -> " + rows.get(7).ce());
    assertTrue(
        table.doubleColumn("grad_norm_memory_gate").isMissing().size() == rows.size(),
        "the memory gate never has a gradient");
    assertTrue(Double.isFinite(rows.get(3).valLoss()) && Double.isNaN(rows.get(2).valLoss()));
    assertEquals(4, SlotCountsFile.read(a.resolve("slot_counts.bin")).size());

    // The last checkpoint reloads to the validation loss recorded at its step.
    Path last = RunDirectory.latestCheckpoint(a).orElseThrow();
    assertTrue(last.endsWith("step-00000040"));
    try (MemoryLM model = Checkpoint.load(last, Device.cpu())) {
      var packed =
          org.minimind.workbench.session.TrainingSession.pack(
              corpus,
              BpeTokenizer.load(tokenizer),
              new org.minimind.workbench.data.SplitConfig(0.05, 1337),
              model.config().maxSeqLen());
      var data = new CorpusTrainingData(packed, 8, 1337);
      double val = 0;
      for (long[] b : data.validationBatches(2)) {
        val += Evaluation.crossEntropy(model, b, 8, model.config().maxSeqLen());
      }
      assertEquals(rows.get(7).valLoss(), val / 2, 1e-6);
    }

    // Interrupted at step 20 (a half-written checkpoint left behind), resumed: the same curve.
    Path b = tmp.resolve("b");
    TestTrees.copy(a, b);
    TestTrees.delete(b.resolve("checkpoints/step-00000040"));
    TestTrees.delete(b.resolve("checkpoints/best"));
    Files.createDirectories(b.resolve("checkpoints/.tmp-step-00000040"));
    Files.writeString(
        b.resolve("metrics.csv"),
        Files.readString(b.resolve("metrics.csv")) + "45,123,9.9"); // a row cut short
    Run resumed = cli("--train", "--resume", "--device", "cpu", "--out", b.toString());
    assertEquals(0, resumed.code, resumed.err);
    List<StepMetrics> again = MetricsCsv.read(b.resolve("metrics.csv"));
    assertEquals(rows.size(), again.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(rows.get(i).step(), again.get(i).step());
      assertEquals(
          rows.get(i).loss(), again.get(i).loss(), 1e-6, "loss at step " + rows.get(i).step());
      assertEquals(rows.get(i).tokensSeen(), again.get(i).tokensSeen());
    }
    assertFalse(Files.exists(b.resolve("checkpoints/.tmp-step-00000040")));
    assertEquals(4, SlotCountsFile.read(b.resolve("slot_counts.bin")).size());
  }

  @Test
  void aLongerResumedRunKeepsItsScheduleAndItsClock(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("extended");
    Run r = train(a, "--max-steps", "20", "--checkpoint-interval", "20");
    assertEquals(0, r.code, r.err);
    String printed =
        stdoutOf(
            () -> {
              Run resumed =
                  cli(
                      "--train",
                      "--resume",
                      "--device",
                      "cpu",
                      "--out",
                      a.toString(),
                      "--max-steps",
                      "30");
              assertEquals(0, resumed.code, resumed.err);
            });
    assertTrue(
        printed.contains(
            "extending the run from 20 to 30 steps: the learning rate keeps"
                + " its schedule, whose cosine ended at step 20; steps 21-30 train at its floor,"
                + " lr/10 = 2.00e-04"),
        printed);
    List<StepMetrics> rows = MetricsCsv.read(a.resolve("metrics.csv"));
    assertEquals(
        List.of(5L, 10L, 15L, 20L, 25L, 30L), rows.stream().map(StepMetrics::step).toList());
    for (int i = 1; i < rows.size(); i++) {
      assertTrue(rows.get(i).lr() <= rows.get(i - 1).lr(), "the rate never jumps back up: " + rows);
      assertTrue(
          rows.get(i).elapsedSeconds() > rows.get(i - 1).elapsedSeconds(),
          "elapsed_s counts on across the resume: " + rows);
    }
    assertEquals(2e-4, rows.get(4).lr(), 1e-12);
    assertEquals(2e-4, rows.get(5).lr(), 1e-12);
    org.minimind.workbench.run.TrainerRecord rec =
        RunDirectory.readTrainerRecord(a.resolve("checkpoints/step-00000030"));
    assertEquals(30, rec.settings().maxSteps());
    assertEquals(20, rec.settings().scheduleSteps());
    assertTrue(rec.elapsedSeconds() >= rows.get(5).elapsedSeconds(), rec + " " + rows.get(5));
  }

  /** What {@code action} prints on the standard output (where the training modes report). */
  static String stdoutOf(Runnable action) {
    java.io.PrintStream saved = System.out;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void refusesToOverwriteARunAndExplainsBadOptions(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("run");
    Run first = train(a, "--max-steps", "2", "--log-interval", "1");
    assertEquals(0, first.code, first.err);
    Run again = train(a, "--max-steps", "2");
    assertEquals(1, again.code);
    assertTrue(again.err.contains("already holds a training run"), again.err);

    Run bad = train(tmp.resolve("x"), "--lr", "-1");
    assertEquals(2, bad.code);
    assertTrue(bad.err.contains("--lr must be positive"), bad.err);
    Run missing = train(tmp.resolve("y"), "--corpus", "/nonexistent");
    assertEquals(2, missing.code);
    assertTrue(missing.err.contains("--corpus: no such file or folder"), missing.err);
    Run budget = train(tmp.resolve("z"), "--time-budget", "soon");
    assertEquals(2, budget.code);
    assertTrue(budget.err.contains("not a duration"), budget.err);
  }

  @Test
  void checkpointsBeforeAnyValidationResume(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("early");
    Run r =
        train(
            a,
            "--max-steps",
            "6",
            "--checkpoint-interval",
            "5",
            "--eval-interval",
            "0",
            "--log-interval",
            "1",
            "--keep-last",
            "5");
    assertEquals(0, r.code, r.err);
    TrainerRecord rec = RunDirectory.readTrainerRecord(a.resolve("checkpoints/step-00000005"));
    assertTrue(Double.isNaN(rec.bestValLoss()), "no validation loss before step 5");
    TestTrees.delete(a.resolve("checkpoints/step-00000006"));
    TestTrees.delete(a.resolve("checkpoints/best"));
    Run resumed = cli("--train", "--resume", "--device", "cpu", "--out", a.toString());
    assertEquals(0, resumed.code, resumed.err);
    assertEquals(6, MetricsCsv.read(a.resolve("metrics.csv")).size());
  }

  @Test
  void trainsTheTokenMemoryVariant(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("token");
    Run r = train(a, "--memory-variant", "token", "--max-steps", "10", "--eval-interval", "10");
    assertEquals(0, r.code, r.err);
    List<StepMetrics> rows = MetricsCsv.read(a.resolve("metrics.csv"));
    assertEquals(2, rows.size());
    assertTrue(Double.isNaN(rows.get(1).drift().avgL2Change()), "no distances for token ids");
    assertTrue(Double.isFinite(rows.get(1).drift().tokenChangeRate()));
    try (MemoryLM model = Checkpoint.load(a.resolve("checkpoints/step-00000010"), Device.cpu())) {
      assertTrue(model.tokenMemory().isPresent());
    }
    Run bad = train(tmp.resolve("x"), "--memory-variant", "vectors");
    assertEquals(2, bad.code);
    assertTrue(
        bad.err.contains("--memory-variant") && bad.err.contains("continuous, token"), bad.err);
  }

  @Test
  void helpListsEveryTrainingOptionWithItsDefault() {
    var cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("--help"));
    String help = out.toString();
    for (String opt :
        List.of(
            "--train",
            "--resume",
            "--max-steps",
            "--time-budget",
            "--lr",
            "--warmup",
            "--grad-clip",
            "--aux-coef",
            "--accumulation",
            "--device",
            "--preset",
            "--eval-interval",
            "--keep-last",
            "--counts-interval",
            "--save-dtype")) {
      assertTrue(help.contains(opt), opt + " missing from --help");
    }
    assertTrue(
        help.contains("(default: 2000)") && help.contains("(default: 5.0E-4)")
            || help.contains("(default: 5e-4)"),
        help);
  }
}
