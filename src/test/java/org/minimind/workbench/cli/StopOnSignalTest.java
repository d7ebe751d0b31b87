package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.data.tokenizer.BpeTrainer;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.session.NewRun;
import org.minimind.workbench.session.TrainingSession;
import org.minimind.workbench.train.Preset;
import org.minimind.workbench.train.StepMetrics;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainingListener;
import org.minimind.workbench.train.TrainingSummary;

/**
 * The shutdown hook of {@code --train}, run in-process: from another thread, as the JVM runs it on
 * Ctrl-C or SIGTERM ({@code TrainSignalTest} sends a real SIGTERM to a child JVM).
 */
class StopOnSignalTest {

  @Test
  void theHookStopsTheRunAtAStepEndWithACheckpointAndWaitsForIt(@TempDir Path tmp)
      throws IOException, InterruptedException, URISyntaxException {
    Path corpus = Path.of(getClass().getResource("/tokenizer/corpus.txt").toURI());
    Path tokenizer = tmp.resolve("tokenizer.json");
    BpeTokenizer tok =
        BpeTrainer.builder().vocabSize(512).build().train(List.of(Files.readString(corpus)));
    tok.save(tokenizer);
    TrainSettings settings =
        TrainSettings.defaults(1000)
            .withLogInterval(1)
            .withEvalInterval(0)
            .withCheckpointInterval(1000);
    Path dir = tmp.resolve("run");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Thread[] hook = {null};
    try (TrainingSession session =
        TrainingSession.start(
            new NewRun(
                dir,
                corpus,
                tokenizer,
                Preset.TINY.config(),
                "tiny",
                settings,
                DType.F32,
                0.05,
                Device.cpu()))) {
      Trainer trainer = session.trainer();
      StopOnSignal signal = StopOnSignal.install(trainer, out);
      trainer.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              if (m.step() == 3) {
                hook[0] = new Thread(signal::stopAndWait, "simulated shutdown hook");
                hook[0].start();
              }
            }
          });
      TrainingSummary summary;
      try {
        summary = trainer.run();
        assertTrue(hook[0].isAlive(), "the hook waits while the run reports its end");
      } finally {
        signal.close();
      }
      hook[0].join(60_000);
      assertFalse(hook[0].isAlive(), "closing lets the hook (and the JVM) go");

      assertEquals(TrainingSummary.Reason.STOPPED, summary.reason());
      long step = summary.lastStep();
      assertTrue(step == 3 || step == 4, "the step the signal came in: " + step);
      Path checkpoint = dir.resolve("checkpoints").resolve(String.format("step-%08d", step));
      assertEquals(checkpoint, RunDirectory.latestCheckpoint(dir).orElseThrow());
      assertEquals(step, RunDirectory.readTrainerRecord(checkpoint).step());
      String text = printed.toString(StandardCharsets.UTF_8);
      assertTrue(
          text.contains(
              "stopped by a signal at step "
                  + step
                  + ": checkpoint "
                  + checkpoint
                  + " written; --resume continues from it"),
          text);
    }
  }
}
