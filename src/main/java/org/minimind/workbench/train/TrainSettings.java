package org.minimind.workbench.train;

/**
 * How to train: optimisation, schedule, logging and checkpointing. Defaults follow MiniMind's
 * pretraining script where it has one.
 *
 * @param batchSize sequences per micro-batch
 * @param accumulationSteps micro-batches per optimizer step
 * @param maxSteps optimizer steps of the whole run (also the cosine schedule's length)
 * @param timeBudgetSeconds stop (with a checkpoint) after this much wall time; 0 for none
 * @param lr base learning rate (MiniMind: 5e-4)
 * @param warmupSteps linear warmup steps before the cosine
 * @param gradClip max total gradient norm (MiniMind: 1.0); 0 disables clipping
 * @param auxCoefficient weight of the balance loss in the reported loss (the seed adds it: 1.0).
 *     The seed's balance loss has no gradient, so this changes the reported loss, not the update
 * @param weightDecay AdamW weight decay (PyTorch default 0.01)
 * @param beta1 AdamW beta1
 * @param beta2 AdamW beta2
 * @param seed seeds initialisation, data order and dropout
 * @param logInterval steps between logged rows (metrics.csv, dashboard)
 * @param evalInterval steps between validation measurements; 0 for only at the end
 * @param evalBatches validation batches per measurement
 * @param checkpointInterval steps between checkpoints (and one at the end)
 * @param keepLast checkpoints kept besides the best
 * @param slotCountsInterval steps between per-slot selection-count snapshots
 */
public record TrainSettings(
    int batchSize,
    int accumulationSteps,
    long maxSteps,
    double timeBudgetSeconds,
    double lr,
    long warmupSteps,
    double gradClip,
    double auxCoefficient,
    double weightDecay,
    double beta1,
    double beta2,
    long seed,
    int logInterval,
    int evalInterval,
    int evalBatches,
    int checkpointInterval,
    int keepLast,
    int slotCountsInterval) {

  public TrainSettings {
    positive("batch size", batchSize);
    positive("accumulation steps", accumulationSteps);
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("max steps (" + maxSteps + ") must be positive");
    }
    if (!(timeBudgetSeconds >= 0)) {
      throw new IllegalArgumentException(
          "time budget (" + timeBudgetSeconds + " s) must be >= 0");
    }
    if (warmupSteps < 0 || warmupSteps > maxSteps) {
      throw new IllegalArgumentException(
          "warmup steps (" + warmupSteps + ") must be in 0.." + maxSteps);
    }
    if (!(gradClip >= 0)) {
      throw new IllegalArgumentException("grad clip (" + gradClip + ") must be >= 0");
    }
    if (!Double.isFinite(auxCoefficient)) {
      throw new IllegalArgumentException("aux coefficient (" + auxCoefficient + ") must be finite");
    }
    new AdamW.Settings(lr, beta1, beta2, 1e-8, weightDecay); // validates the optimizer values
    positive("log interval", logInterval);
    if (evalInterval < 0) {
      throw new IllegalArgumentException("eval interval (" + evalInterval + ") must be >= 0");
    }
    positive("eval batches", evalBatches);
    positive("checkpoint interval", checkpointInterval);
    positive("keep last", keepLast);
    positive("slot counts interval", slotCountsInterval);
  }

  /** MiniMind-like defaults for a run of {@code maxSteps} steps. */
  public static TrainSettings defaults(long maxSteps) {
    return new TrainSettings(
        8, 1, maxSteps, 0, 5e-4, 0, 1.0, 1.0, 0.01, 0.9, 0.999, 1337, 10, 100, 8, 100, 2, 50);
  }

  public AdamW.Settings optimizer() {
    return new AdamW.Settings(lr, beta1, beta2, 1e-8, weightDecay);
  }

  public LrSchedule schedule() {
    return new LrSchedule(lr, maxSteps, warmupSteps);
  }

  private static void positive(String what, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(what + " (" + v + ") must be positive");
    }
  }
}
