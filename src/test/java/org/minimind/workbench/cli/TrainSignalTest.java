package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.data.tokenizer.BpeTrainer;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.train.StepMetrics;

/**
 * SIGTERM to a {@code --train} process: it ends its step, checkpoints, says so and exits. A child
 * JVM, so tagged slow; {@code StopOnSignalTest} runs the hook in-process in the default suite.
 */
@Tag("slow")
class TrainSignalTest {
  /** Bounds the waits below so that a broken build fails instead of hanging (not a timing test). */
  private static final long PATIENCE_SECONDS = 180;

  @Test
  void sigtermEndsTheStepWithACheckpointThatResumes(@TempDir Path tmp)
      throws IOException, InterruptedException, URISyntaxException {
    assumeTrue(File.separatorChar == '/', "SIGTERM is what Process.destroy sends on Unix");
    Path corpus = Path.of(getClass().getResource("/tokenizer/corpus.txt").toURI());
    Path tokenizer = tmp.resolve("tokenizer.json");
    BpeTokenizer tok =
        BpeTrainer.builder().vocabSize(512).build().train(List.of(Files.readString(corpus)));
    tok.save(tokenizer);
    Path run = tmp.resolve("run");
    Path log = tmp.resolve("stdout.txt");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--train",
                "--device",
                "cpu",
                "--preset",
                "tiny",
                "--corpus",
                corpus.toString(),
                "--tokenizer",
                tokenizer.toString(),
                "--out",
                run.toString(),
                "--max-steps",
                "100000",
                "--log-interval",
                "1",
                "--eval-interval",
                "0",
                "--checkpoint-interval",
                "100000",
                "--val-fraction",
                "0.05")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Path metrics = RunDirectory.metricsFile(run);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
      while (rows(metrics) < 3) {
        assertTrue(p.isAlive(), () -> "the run ended early:\n" + read(log));
        assertTrue(System.nanoTime() < deadline, () -> "no rows yet:\n" + read(log));
        Thread.sleep(100);
      }
      p.destroy(); // SIGTERM
      assertTrue(
          p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS), () -> "still running:\n" + read(log));
    } finally {
      p.destroyForcibly();
    }
    String out = read(log);
    assertEquals(143, p.exitValue(), out); // 128 + SIGTERM, after the shutdown hook
    Matcher m =
        Pattern.compile(
                "stopped by a signal at step (\\d+): checkpoint (\\S+) written;"
                    + " --resume continues from it")
            .matcher(out);
    assertTrue(m.find(), out);
    long step = Long.parseLong(m.group(1));
    Path checkpoint = Path.of(m.group(2));
    assertEquals(run.resolve("checkpoints").resolve(String.format("step-%08d", step)), checkpoint);
    assertEquals(step, RunDirectory.readTrainerRecord(checkpoint).step());
    assertEquals(checkpoint, RunDirectory.latestCheckpoint(run).orElseThrow());
    List<StepMetrics> rows = MetricsCsv.read(RunDirectory.metricsFile(run));
    assertTrue(rows.get(rows.size() - 1).step() <= step, "nothing logged past the checkpoint");

    TrainCliTest.Run resumed =
        TrainCliTest.cli(
            "--train",
            "--resume",
            "--device",
            "cpu",
            "--out",
            run.toString(),
            "--max-steps",
            String.valueOf(step + 2));
    assertEquals(0, resumed.code(), resumed.err());
    List<StepMetrics> after = MetricsCsv.read(RunDirectory.metricsFile(run));
    assertEquals(step + 2, after.get(after.size() - 1).step());
  }

  private static int rows(Path metrics) throws IOException {
    if (!Files.isRegularFile(metrics)) {
      return 0;
    }
    return (int)
            Files.readAllLines(metrics, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .count()
        - 1;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }
}
