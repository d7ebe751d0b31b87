package org.minimind.workbench.train;

import org.minimind.workbench.model.Precision;

/**
 * How to train: optimisation, schedule, logging and checkpointing. Defaults follow MiniMind's
 * pretraining script where it has one. Build settings from {@link #DEFAULTS} with the {@code
 * with...} copies, each validated as it is made.
 *
 * @param batchSize sequences per micro-batch
 * @param accumulationSteps micro-batches per optimizer step
 * @param maxSteps optimizer steps of the whole run
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
 * @param decaySteps length of the cosine schedule; 0 for the whole run ({@code maxSteps}). Steps
 *     after it train at the schedule's floor, lr/10 (nanoGPT's {@code lr_decay_iters}). A run
 *     extended on resume keeps its schedule this way: see {@link #withLengthKeepingSchedule}
 * @param precision what the training passes compute in: {@link Precision#FP32}, or {@link
 *     Precision#BF16} as the seed under {@code torch.autocast(dtype=torch.bfloat16)}, with float32
 *     master weights either way
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
    int slotCountsInterval,
    long decaySteps,
    Precision precision) {

  public TrainSettings {
    if (precision == null) {
      precision = Precision.FP32; // a record written before the setting existed
    }
    positive("batch size", batchSize);
    positive("accumulation steps", accumulationSteps);
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("max steps (" + maxSteps + ") must be positive");
    }
    if (!(timeBudgetSeconds >= 0)) {
      throw new IllegalArgumentException("time budget (" + timeBudgetSeconds + " s) must be >= 0");
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
    if (decaySteps < 0 || (decaySteps > 0 && decaySteps < warmupSteps)) {
      throw new IllegalArgumentException(
          "decay steps ("
              + decaySteps
              + ") must be 0 (the whole run) or at least the warmup"
              + " steps ("
              + warmupSteps
              + ")");
    }
  }

  /**
   * MiniMind's pretraining choices where it has them (lr 5e-4, clipping at 1.0, the balance loss
   * added at weight 1.0), PyTorch's AdamW defaults, and the command line's defaults for the rest:
   * 2000 steps of micro-batches of 8, no warmup, no time budget.
   */
  public static final TrainSettings DEFAULTS =
      new TrainSettings(
          /* batchSize */ 8,
          /* accumulationSteps */ 1,
          /* maxSteps */ 2000,
          /* timeBudgetSeconds */ 0,
          /* lr */ 5e-4,
          /* warmupSteps */ 0,
          /* gradClip */ 1.0,
          /* auxCoefficient */ 1.0,
          /* weightDecay */ 0.01,
          /* beta1 */ 0.9,
          /* beta2 */ 0.999,
          /* seed */ 1337,
          /* logInterval */ 10,
          /* evalInterval */ 100,
          /* evalBatches */ 8,
          /* checkpointInterval */ 100,
          /* keepLast */ 2,
          /* slotCountsInterval */ 50,
          /* decaySteps: the whole run */ 0,
          /* precision */ Precision.FP32);

  /** {@link #DEFAULTS} for a run of {@code maxSteps} steps. */
  public static TrainSettings defaults(long maxSteps) {
    return DEFAULTS.withMaxSteps(maxSteps);
  }

  public AdamW.Settings optimizer() {
    return new AdamW.Settings(lr, beta1, beta2, 1e-8, weightDecay);
  }

  public LrSchedule schedule() {
    return new LrSchedule(lr, scheduleSteps(), warmupSteps);
  }

  /** Length of the cosine: {@code decaySteps}, or the whole run when that is 0. */
  public long scheduleSteps() {
    return decaySteps > 0 ? decaySteps : maxSteps;
  }

  /**
   * The same run with another length and the same learning-rate schedule: a longer run continues at
   * the schedule's floor (lr/10) after the cosine ends, a shorter one ends part-way down it.
   */
  public TrainSettings withLengthKeepingSchedule(long steps) {
    if (steps == maxSteps) {
      return this;
    }
    return withDecaySteps(scheduleSteps()).withMaxSteps(steps);
  }

  /** A copy with another batch size. */
  public TrainSettings withBatchSize(int value) {
    return new TrainSettings(
        value,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another number of micro-batches per step. */
  public TrainSettings withAccumulationSteps(int value) {
    return new TrainSettings(
        batchSize,
        value,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another run length. */
  public TrainSettings withMaxSteps(long value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        value,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another time budget (0 for none). */
  public TrainSettings withTimeBudgetSeconds(double value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        value,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another base learning rate. */
  public TrainSettings withLr(double value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        value,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another warmup. */
  public TrainSettings withWarmupSteps(long value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        value,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another gradient clipping norm (0 for none). */
  public TrainSettings withGradClip(double value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        value,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another balance-loss weight. */
  public TrainSettings withAuxCoefficient(double value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        value,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another weight decay. */
  public TrainSettings withWeightDecay(double value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        value,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another seed. */
  public TrainSettings withSeed(long value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        value,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another log interval. */
  public TrainSettings withLogInterval(int value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        value,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another validation interval (0 for only at the end). */
  public TrainSettings withEvalInterval(int value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        value,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another number of validation batches. */
  public TrainSettings withEvalBatches(int value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        value,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another checkpoint interval. */
  public TrainSettings withCheckpointInterval(int value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        value,
        keepLast,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another number of step checkpoints kept. */
  public TrainSettings withKeepLast(int value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        value,
        slotCountsInterval,
        decaySteps,
        precision);
  }

  /** A copy with another slot-count snapshot interval. */
  public TrainSettings withSlotCountsInterval(int value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        value,
        decaySteps,
        precision);
  }

  /** A copy with another schedule length (0 for the whole run). */
  public TrainSettings withDecaySteps(long value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        value,
        precision);
  }

  /** A copy computing its passes in {@code value} (see {@link Precision}). */
  public TrainSettings withPrecision(Precision value) {
    return new TrainSettings(
        batchSize,
        accumulationSteps,
        maxSteps,
        timeBudgetSeconds,
        lr,
        warmupSteps,
        gradClip,
        auxCoefficient,
        weightDecay,
        beta1,
        beta2,
        seed,
        logInterval,
        evalInterval,
        evalBatches,
        checkpointInterval,
        keepLast,
        slotCountsInterval,
        decaySteps,
        value);
  }

  private static void positive(String what, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(what + " (" + v + ") must be positive");
    }
  }
}
