package org.minimind.workbench.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.session.NewRun;
import org.minimind.workbench.session.ResumeRun;
import org.minimind.workbench.session.TrainingSession;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainingSummary;

/**
 * {@code --train}: trains a model on a corpus into a run directory, or resumes one (see {@link
 * TrainingSession}), reporting to the terminal.
 */
final class TrainMode {
  static final String SAMPLE_CORPUS = "sample-models/corpus";
  static final String SAMPLE_TOKENIZER = "sample-models/minimind-memory-small/tokenizer.json";

  private TrainMode() {}

  static int run(
      CommonOptions common,
      TrainOptions t,
      boolean maxStepsGiven,
      Device device,
      PrintStream out,
      boolean interactive)
      throws IOException {
    try (TrainingSession session =
        t.resume
            ? TrainingSession.resume(
                new ResumeRun(
                    common.out, maxStepsGiven ? t.maxSteps : null, t.timeBudget, t.corpus, device))
            : TrainingSession.start(newRun(common, t, device))) {
      session.lengthChange().ifPresent(out::println);
      Trainer trainer = session.trainer();
      trainer.addListener(new ConsoleReporter(out, interactive));
      StopOnSignal signal = StopOnSignal.install(trainer, out); // Ctrl-C, SIGTERM
      try {
        TrainingSummary s = trainer.run();
        out.println("run directory: " + session.run().root().toAbsolutePath());
        out.flush();
        if (s.reason() == TrainingSummary.Reason.FAILED) {
          Throwable e = s.error();
          throw new IllegalStateException(
              "training failed at step " + s.lastStep() + ": " + ErrorMessages.describe(e), e);
        }
        return 0;
      } finally {
        signal.close();
      }
    }
  }

  private static NewRun newRun(CommonOptions common, TrainOptions t, Device device)
      throws IOException {
    Path tokenizer =
        common.tokenizer != null ? common.tokenizer : defaultFile(SAMPLE_TOKENIZER, "--tokenizer");
    Path corpus = t.corpus != null ? t.corpus : defaultFile(SAMPLE_CORPUS, "--corpus");
    int batch = common.batch != null ? common.batch : common.preset.batchSize();
    return new NewRun(
        common.out,
        corpus,
        tokenizer,
        common.presetConfig(),
        common.preset.name().toLowerCase(Locale.ROOT),
        settings(t, batch, common.seed).withPrecision(common.precision()),
        dtype(t.saveDtype),
        t.valFraction,
        device);
  }

  static TrainSettings settings(TrainOptions t, int batch, long seed) {
    return TrainSettings.defaults(t.maxSteps)
        .withBatchSize(batch)
        .withAccumulationSteps(t.accumulation)
        .withTimeBudgetSeconds(t.timeBudget != null ? t.timeBudget : 0)
        .withLr(t.lr)
        .withWarmupSteps(t.warmup)
        .withGradClip(t.gradClip)
        .withAuxCoefficient(t.auxCoef)
        .withWeightDecay(t.weightDecay)
        .withSeed(seed)
        .withLogInterval(t.logInterval)
        .withEvalInterval(t.evalInterval)
        .withEvalBatches(t.evalBatches)
        .withCheckpointInterval(t.checkpointInterval)
        .withKeepLast(t.keepLast)
        .withSlotCountsInterval(t.countsInterval);
  }

  static DType dtype(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "f32" -> DType.F32;
      case "f16" -> DType.F16;
      case "bf16" -> DType.BF16;
      default ->
          throw new IllegalArgumentException(
              "--save-dtype must be f32, f16 or bf16, not '" + s + "'");
    };
  }

  static Path defaultFile(String relative, String option) throws IOException {
    Optional<Path> p = ProjectFiles.find(relative);
    if (p.isEmpty()) {
      throw new IOException(
          "no " + relative + " found (run from the project folder, or pass " + option + ")");
    }
    return p.get();
  }
}
