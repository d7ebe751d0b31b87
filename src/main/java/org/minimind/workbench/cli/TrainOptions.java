package org.minimind.workbench.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of {@code --train} (and of {@code --train-tokenizer}, which shares --corpus). */
final class TrainOptions {
  @Option(
      names = "--corpus",
      paramLabel = "PATH",
      description =
          "Training text: a .txt/.jsonl(.gz) file or a folder of them; jsonl is"
              + " MiniMind's pretraining format ({\"text\": ...} per line). Default: the sample corpus"
              + " (sample-models/corpus).")
  Path corpus;

  @Option(
      names = "--max-steps",
      defaultValue = "2000",
      description =
          "Optimizer steps of the run, also the length of the cosine schedule"
              + " (default: ${DEFAULT-VALUE}). With --resume: a new end for the run, which keeps its"
              + " schedule (after the cosine, lr/10).")
  long maxSteps;

  @Option(
      names = "--time-budget",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop (with a checkpoint) after this long, e.g. 90s, 15m, 2h (default: none).")
  Double timeBudget;

  @Option(
      names = "--accumulation",
      defaultValue = "1",
      description = "Micro-batches per optimizer step (default: ${DEFAULT-VALUE}).")
  int accumulation;

  @Option(
      names = "--lr",
      defaultValue = "5e-4",
      description =
          "Learning rate (default: ${DEFAULT-VALUE}); cosine decay to lr/10 as MiniMind's get_lr.")
  double lr;

  @Option(
      names = "--warmup",
      defaultValue = "0",
      description = "Linear warmup steps (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(
      names = "--grad-clip",
      defaultValue = "1.0",
      description =
          "Clip the total gradient norm to this; 0 to disable (default: ${DEFAULT-VALUE}).")
  double gradClip;

  @Option(
      names = "--aux-coef",
      defaultValue = "1.0",
      description =
          "Weight of the balance loss in the reported loss (default: ${DEFAULT-VALUE},"
              + " as the seed adds it). The seed's balance loss has no gradient, so this changes the"
              + " reported loss, not training.")
  double auxCoef;

  @Option(
      names = "--weight-decay",
      defaultValue = "0.01",
      description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--log-interval",
      defaultValue = "10",
      description = "Steps between metrics rows and log lines (default: ${DEFAULT-VALUE}).")
  int logInterval;

  @Option(
      names = "--eval-interval",
      defaultValue = "100",
      description =
          "Steps between validation losses; 0 for only at the end (default: ${DEFAULT-VALUE}).")
  int evalInterval;

  @Option(
      names = "--eval-batches",
      defaultValue = "8",
      description = "Validation batches per measurement (default: ${DEFAULT-VALUE}).")
  int evalBatches;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "100",
      description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointInterval;

  @Option(
      names = "--keep-last",
      defaultValue = "2",
      description = "Step checkpoints kept besides the best (default: ${DEFAULT-VALUE}).")
  int keepLast;

  @Option(
      names = "--counts-interval",
      defaultValue = "50",
      description = "Steps between per-slot selection-count snapshots (default: ${DEFAULT-VALUE}).")
  int countsInterval;

  @Option(
      names = "--val-fraction",
      defaultValue = "0.01",
      description = "Share of documents held out for validation (default: ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(
      names = "--save-dtype",
      paramLabel = "f32|f16|bf16",
      defaultValue = "f32",
      description =
          "Precision of saved weights (default: ${DEFAULT-VALUE}; optimizer state is"
              + " always f32).")
  String saveDtype;

  @Option(
      names = "--resume",
      description =
          "Continue the run in --out from its last complete checkpoint (model,"
              + " optimizer, step, data position), with its own settings.")
  boolean resume;

  @Option(
      names = "--vocab-size",
      defaultValue = "6400",
      description = "Vocabulary of --train-tokenizer (default: ${DEFAULT-VALUE}).")
  int vocabSize;
}
