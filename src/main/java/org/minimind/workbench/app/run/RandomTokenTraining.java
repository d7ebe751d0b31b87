package org.minimind.workbench.app.run;

import ai.djl.Device;
import java.util.concurrent.Callable;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.train.Preset;
import org.minimind.workbench.train.RandomTokenRun;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainingSummary;

/**
 * A quick training run started from the dashboard, without files: builds a model (a preset's shape,
 * or a copy of the open checkpoint to continue from), trains it on random token ids with the {@link
 * Trainer} in the calling (worker) thread and reports to a {@link RunEventQueue}. Pause and stop
 * are cooperative and may be called from any thread; they take effect between steps. (Runs on a
 * corpus, recorded in a run directory, go through {@code session.TrainingSession}.)
 */
public final class RandomTokenTraining extends TrainerControl {

  /**
   * What to train.
   *
   * @param config model shape
   * @param initial the weights to start from (continuing a checkpoint: parameter values, and the
   *     token ids of a token memory), or null for a fresh, seeded initialisation
   * @param steps optimizer steps
   * @param batchSize sequences per step
   * @param seqLen positions per sequence (at most the config's max_seq_len)
   * @param logInterval steps between logged rows
   * @param slotCountsInterval steps between slot-count snapshots
   * @param seed initialisation and data seed
   */
  public record Request(
      ModelConfig config,
      Checkpoint.Weights initial,
      long steps,
      int batchSize,
      int seqLen,
      int logInterval,
      int slotCountsInterval,
      long seed) {
    public Request {
      if (steps <= 0) {
        throw new IllegalArgumentException("steps (" + steps + ") must be positive");
      }
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batch size (" + batchSize + ") must be positive");
      }
      if (seqLen <= 0 || seqLen > config.maxSeqLen()) {
        throw new IllegalArgumentException(
            "sequence length (" + seqLen + ") must be in 1.." + config.maxSeqLen());
      }
    }

    /** A fresh model of a preset's shape, at the preset's batch size. */
    public static Request fresh(Preset preset, long steps, int logInterval, long seed) {
      ModelConfig c = preset.config();
      return new Request(
          c,
          null,
          steps,
          preset.batchSize(),
          c.maxSeqLen(),
          logInterval,
          Math.max(1, logInterval * 5),
          seed);
    }

    /** The trainer's settings: a random-token run's, with a short warmup and these intervals. */
    public TrainSettings settings() {
      return RandomTokenRun.settings(steps, batchSize, seed)
          .withWarmupSteps(Math.min(steps / 10, 100))
          .withLogInterval(Math.max(1, logInterval))
          .withSlotCountsInterval(Math.max(1, slotCountsInterval));
    }
  }

  private final RunEventQueue events;

  public RandomTokenTraining(RunEventQueue events) {
    this.events = events;
  }

  /** The work to hand to a background thread: trains and returns how the run ended. */
  public Callable<TrainingSummary> job(Request request, Device device) {
    return () -> run(request, device);
  }

  private TrainingSummary run(Request request, Device device) {
    try (RandomTokenRun run =
        RandomTokenRun.open(
            request.config(), request.initial(), request.settings(), request.seqLen(), device)) {
      Trainer t = run.trainer();
      t.addListener(events);
      return runControlled(t);
    }
  }
}
