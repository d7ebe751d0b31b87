package org.minimind.workbench.train;

import ai.djl.Device;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;

/**
 * Training on random token ids with nothing written: a model (freshly initialised, or built from
 * given weights), its optimizer and a {@link Trainer} over {@link RandomTokenData}. The dashboard's
 * quick runs and the training benchmark are both assembled here. Close it to free the model.
 */
public final class RandomTokenRun implements AutoCloseable {
  private final MemoryLM model;
  private final AdamW optimizer;
  private final Trainer trainer;

  private RandomTokenRun(MemoryLM model, AdamW optimizer, Trainer trainer) {
    this.model = model;
    this.optimizer = optimizer;
    this.trainer = trainer;
  }

  /**
   * Settings for a run on random ids: MiniMind's optimisation defaults, validation and slot counts
   * only at the end, one row at the end, no checkpoints (there is nowhere to write them).
   */
  public static TrainSettings settings(long steps, int batchSize, long seed) {
    return TrainSettings.defaults(steps)
        .withBatchSize(batchSize)
        .withSeed(seed)
        .withLogInterval(Integer.MAX_VALUE)
        .withEvalInterval(0)
        .withEvalBatches(1)
        .withCheckpointInterval(Integer.MAX_VALUE)
        .withKeepLast(1)
        .withSlotCountsInterval(Integer.MAX_VALUE);
  }

  /**
   * Builds the model and its trainer. The settings' seed seeds the initialisation and the ids.
   *
   * @param initial the weights to start from (parameter values, and the token ids of a token
   *     memory), or null for a fresh initialisation
   * @param seqLen positions per sequence, at most the config's max_seq_len
   */
  public static RandomTokenRun open(
      ModelConfig config,
      Checkpoint.Weights initial,
      TrainSettings settings,
      int seqLen,
      Device device) {
    if (seqLen <= 0 || seqLen > config.maxSeqLen()) {
      throw new IllegalArgumentException(
          "sequence length (" + seqLen + ") must be in 1.." + config.maxSeqLen());
    }
    MemoryLM model =
        initial == null
            ? MemoryLM.initialize(config, device, settings.seed())
            : MemoryLM.fromValues(config, device, initial.values(), initial.memoryTokens());
    try {
      AdamW optimizer = new AdamW(model.parameters().manager(), settings.optimizer());
      TrainingData data =
          new RandomTokenData(settings.batchSize(), seqLen, config.vocabSize(), settings.seed());
      Trainer trainer = new Trainer(settings, new TrainerState(model, optimizer, data), null);
      return new RandomTokenRun(model, optimizer, trainer);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public Trainer trainer() {
    return trainer;
  }

  public MemoryLM model() {
    return model;
  }

  @Override
  public void close() {
    optimizer.close();
    model.close();
  }
}
