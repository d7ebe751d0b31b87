package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.data.tokenizer.BpeTrainer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Bad flags and hostile files, run through the real command line in-process: each is one line on
 * stderr naming the flag, key or file, with no stack trace ({@code "\tat "}) and no help dump.
 */
class HostileInputTest {
  @TempDir static Path tmp;
  static Path checkpoint;
  static Path corpus;

  @BeforeAll
  static void makeCheckpoint() throws IOException {
    checkpoint = Fixtures.seedTinyWithTokenizer(tmp.resolve("tiny"));
    corpus = Files.writeString(tmp.resolve("corpus.txt"), Fixtures.testCorpus());
  }

  record Run(int code, String err) {}

  /** Runs the command line; stderr holds both its error line and anything logged meanwhile. */
  static Run cli(String... args) {
    PrintStream before = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    try {
      System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
      var cl = Main.commandLine();
      cl.setErr(new PrintWriter(err));
      cl.setOut(new PrintWriter(new StringWriter()));
      code = cl.execute(args);
    } finally {
      System.setErr(before);
    }
    String all = logged.toString(StandardCharsets.UTF_8) + err;
    assertFalse(all.contains("\tat "), "a stack trace reached the terminal:\n" + all);
    assertFalse(all.contains("Usage:"), "the whole help was printed:\n" + all);
    return new Run(code, all);
  }

  private static void fails(int code, String expected, String... args) {
    Run r = cli(args);
    assertEquals(code, r.code, r.err);
    assertTrue(r.err.contains(expected), "expected '" + expected + "' in:\n" + r.err);
  }

  @Test
  void aRepeatedOptionTakesItsLastValue() {
    // the first --max-new-tokens alone would be refused
    Run r =
        cli(
            "--generate",
            "--device",
            "cpu",
            "--checkpoint",
            checkpoint.toString(),
            "--max-new-tokens",
            "2000000000",
            "--max-new-tokens",
            "2",
            "--temperature",
            "0",
            "--generate");
    assertEquals(0, r.code, r.err);
    Run bad = cli("--generate", "--max-new-tokens", "2", "--max-new-tokens", "0");
    assertEquals(2, bad.code);
    assertTrue(bad.err.contains("--max-new-tokens must be within [1, 1048576], got 0"), bad.err);
  }

  @Test
  void sizesFromTheCommandLineAreBoundedAndNamed() {
    fails(
        2,
        "--max-new-tokens must be within [1, 1048576], got 2147483647",
        "--generate",
        "--max-new-tokens",
        "2147483647");
    fails(
        2,
        "--max-new-tokens must be within [1, 1048576], got 1600000000",
        "--generate",
        "--max-new-tokens",
        "1600000000");
    fails(
        2,
        "--vocab-size: vocab size 2147483647 is above the largest supported, 4194304",
        "--train-tokenizer",
        "--vocab-size",
        "2147483647",
        "--out",
        tmp.resolve("t.json").toString());
    fails(
        2,
        "--vocab-size: vocab size 10 cannot hold 3 special tokens and 256 bytes",
        "--train-tokenizer",
        "--vocab-size",
        "10",
        "--out",
        tmp.resolve("t.json").toString());
    fails(
        2,
        "--batch must be within [1, 4096] sequences, got 100000",
        "--train",
        "--out",
        tmp.resolve("run").toString(),
        "--batch",
        "100000");
    fails(
        2,
        "--batch must be within [1, 4096] sequences, got 100000",
        "--bench",
        "train",
        "--batch",
        "100000");
    fails(
        2,
        "--knowledge-length (2147483647) must be within [1, 1024]",
        "--bench",
        "train",
        "--memory-variant",
        "token",
        "--knowledge-length",
        "2147483647");
    assertFalse(Files.exists(tmp.resolve("run")));
    assertFalse(Files.exists(tmp.resolve("t.json")));
  }

  @Test
  void trainingSettingsNameTheirFlag() {
    String out = tmp.resolve("never").toString();
    fails(
        2,
        "--grad-clip must be >= 0 (0 turns clipping off), got -1.0",
        "--train",
        "--out",
        out,
        "--grad-clip",
        "-1");
    fails(
        2,
        "--warmup must be within [0, --max-steps (2000)], got -5",
        "--train",
        "--out",
        out,
        "--warmup",
        "-5");
    fails(
        2,
        "--warmup must be within [0, --max-steps (10)], got 11",
        "--train",
        "--out",
        out,
        "--max-steps",
        "10",
        "--warmup",
        "11");
    fails(2, "--lr must be positive, got Infinity", "--train", "--out", out, "--lr", "Infinity");
    fails(
        2,
        "--weight-decay must be >= 0, got -0.1",
        "--train",
        "--out",
        out,
        "--weight-decay",
        "-0.1");
    fails(
        2, "--ema-decay (2.0) must be within [0, 1]", "--train", "--out", out, "--ema-decay", "2");
    fails(2, "--top-p (2.0) must be within (0, 1]", "--generate", "--top-p", "2");
    assertFalse(Files.exists(tmp.resolve("never")));
  }

  @Test
  void anUnknownOptionIsOneLineWithSuggestions() {
    Run r = cli("--trian");
    assertEquals(2, r.code);
    assertTrue(r.err.startsWith("error: Unknown option: '--trian'"), r.err);
    assertTrue(r.err.contains("--train"), r.err);
  }

  @Test
  void aTokenizerOfAnotherVocabularyIsRefused() throws IOException {
    Path other = tmp.resolve("other-tokenizer.json");
    BpeTrainer.builder()
        .vocabSize(300)
        .build()
        .train(Arrays.asList("abc abd abe", "xyz"))
        .save(other);
    // vocabulary 300 asked, 266 reached: so little text has no more merges
    fails(
        1,
        other + ": the tokenizer has 266 ids but the model's vocab_size is 512",
        "--generate",
        "--device",
        "cpu",
        "--checkpoint",
        checkpoint.toString(),
        "--tokenizer",
        other.toString());
  }

  @Test
  void aTokenizerWithAHugeIdIsRefusedBeforeAllocating() throws IOException {
    String json =
        Files.readString(checkpoint.resolve("tokenizer.json"))
            .replaceFirst("\"!\": 3", "\"!\": 2147483646");
    assertTrue(json.contains("2147483646"), "the test edits an id");
    Path f = Files.writeString(tmp.resolve("huge-id.json"), json);
    fails(
        1,
        "huge-id.json",
        "--generate",
        "--device",
        "cpu",
        "--checkpoint",
        checkpoint.toString(),
        "--tokenizer",
        f.toString());
    fails(
        1,
        "expected an integer id in [0, 4194304), got 2147483646",
        "--generate",
        "--device",
        "cpu",
        "--checkpoint",
        checkpoint.toString(),
        "--tokenizer",
        f.toString());
  }

  @Test
  void aSelfReferencingPickleIsOneLine() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("pth"));
    Files.copy(checkpoint.resolve("config.json"), dir.resolve("config.json"));
    Path pth = dir.resolve("model.pth");
    byte[] pickle = {(byte) 0x80, 2, '}', ']', 'q', 0, 'h', 0, 'a', 'N', 's', '.'};
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(pth))) {
      out.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
      out.write(pickle);
      out.closeEntry();
    }
    fails(
        1,
        "unhashable dict key",
        "--dump",
        "--device",
        "cpu",
        "--checkpoint",
        pth.toString(),
        "--inputs",
        Fixtures.dir("seed-tiny").resolve("expected.safetensors").toString(),
        "--out",
        tmp.resolve("dump").toString());
    assertFalse(Files.exists(tmp.resolve("dump.safetensors")));
  }

  @Test
  void aCorpusThatIsNotARegularFileIsNamedSo() throws Exception {
    Path fifo = tmp.resolve("fifo.txt");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    if (p.waitFor() != 0) {
      return; // no mkfifo here
    }
    fails(
        1,
        fifo + ": not a regular file",
        "--train-tokenizer",
        "--corpus",
        fifo.toString(),
        "--out",
        tmp.resolve("t2.json").toString());
  }

  @Test
  void anEmptyGzipCorpusSaysWhatIsWrong() throws IOException {
    Path gz = Files.write(tmp.resolve("empty.jsonl.gz"), new byte[0]);
    fails(
        1,
        gz + ": not a gzip file (it ends before the gzip header)",
        "--train-tokenizer",
        "--corpus",
        gz.toString(),
        "--out",
        tmp.resolve("t3.json").toString());
  }

  @Test
  void aFileSystemErrorSaysWhatIsWrongWithThePath() {
    fails(
        1,
        "error: /proc/minimind-run: no such file or directory",
        "--train-tokenizer",
        "--corpus",
        corpus.toString(),
        "--vocab-size",
        "300",
        "--out",
        "/proc/minimind-run/tokenizer.json");
  }

  @Test
  void aValidationSplitSmallerThanOneBatchIsWarnedAbout() {
    Run r =
        cli(
            "--train",
            "--device",
            "cpu",
            "--preset",
            "tiny",
            "--corpus",
            corpus.toString(),
            "--tokenizer",
            checkpoint.resolve("tokenizer.json").toString(),
            "--out",
            tmp.resolve("small-val").toString(),
            "--max-steps",
            "1",
            "--batch",
            "4",
            "--val-fraction",
            "0.001",
            "--eval-batches",
            "1");
    assertEquals(0, r.code, r.err);
    assertTrue(
        r.err.contains("fewer than one batch of 4: no validation loss will be measured"), r.err);
  }

  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    final Error error;

    Failing(Error error) {
      this.error = error;
    }

    @Override
    public Integer call() {
      throw error;
    }
  }

  @Test
  void stackOverflowAndOutOfMemoryAreOneLineTooAndTracesNeedVerbose() {
    for (Error e :
        new Error[] {new StackOverflowError(), new OutOfMemoryError("Java heap space")}) {
      CommandLine cl = Main.configure(new CommandLine(new Failing(e)));
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err));
      assertEquals(1, cl.execute());
      assertTrue(err.toString().startsWith("error: "), err.toString());
      assertEquals(1, err.toString().lines().count(), err.toString());
    }
    String was = System.getProperty(ConsoleTraces.PROPERTY);
    try {
      System.setProperty(ConsoleTraces.PROPERTY, "true");
      CommandLine cl = Main.configure(new CommandLine(new Failing(new StackOverflowError())));
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err));
      assertEquals(1, cl.execute());
      assertTrue(err.toString().contains("\tat "), err.toString());
    } finally {
      if (was == null) {
        System.clearProperty(ConsoleTraces.PROPERTY);
      } else {
        System.setProperty(ConsoleTraces.PROPERTY, was);
      }
    }
  }

  @Test
  void anotherThreadsUncaughtErrorIsOneLine() throws InterruptedException {
    PrintStream before = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Thread t =
          new Thread(
              () -> {
                throw new OutOfMemoryError("Java heap space");
              },
              "worker-1");
      t.setUncaughtExceptionHandler(Main::uncaught);
      t.start();
      t.join();
    } finally {
      System.setErr(before);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("error: out of memory (Java heap space;"), text);
    assertTrue(text.contains("(in thread worker-1)"), text);
    assertEquals(1, text.lines().count(), text);
  }

  @Test
  void aLoggedExceptionShowsItsTraceOnlyUnderVerbose() {
    PrintStream before = System.err;
    String was = System.getProperty(ConsoleTraces.PROPERTY);
    try {
      ByteArrayOutputStream quiet = new ByteArrayOutputStream();
      System.setErr(new PrintStream(quiet, true, StandardCharsets.UTF_8));
      LoggerFactory.getLogger(HostileInputTest.class).error("it failed", new IOException("boom"));
      assertTrue(quiet.toString(StandardCharsets.UTF_8).contains("it failed"), quiet.toString());
      assertFalse(quiet.toString(StandardCharsets.UTF_8).contains("\tat "), quiet.toString());

      System.setProperty(ConsoleTraces.PROPERTY, "true");
      ByteArrayOutputStream verbose = new ByteArrayOutputStream();
      System.setErr(new PrintStream(verbose, true, StandardCharsets.UTF_8));
      LoggerFactory.getLogger(HostileInputTest.class).error("it failed", new IOException("boom"));
      assertTrue(verbose.toString(StandardCharsets.UTF_8).contains("\tat "), verbose.toString());
    } finally {
      System.setErr(before);
      if (was == null) {
        System.clearProperty(ConsoleTraces.PROPERTY);
      } else {
        System.setProperty(ConsoleTraces.PROPERTY, was);
      }
    }
  }
}
