package org.minimind.workbench.train;

import org.minimind.workbench.model.MemoryLM;

/**
 * The mutable state of a run that a checkpoint must capture to resume exactly: model, optimizer,
 * counters and the data position.
 */
public final class TrainerState {
  private final MemoryLM model;
  private final AdamW optimizer;
  private final TrainingData data;
  long step;
  long tokensSeen;
  double bestValLoss = Double.NaN;
  double lastValLoss = Double.NaN;
  double elapsedSeconds;

  public TrainerState(MemoryLM model, AdamW optimizer, TrainingData data) {
    this.model = model;
    this.optimizer = optimizer;
    this.data = data;
  }

  public MemoryLM model() {
    return model;
  }

  public AdamW optimizer() {
    return optimizer;
  }

  public TrainingData data() {
    return data;
  }

  /** Optimizer steps completed. */
  public long step() {
    return step;
  }

  public long tokensSeen() {
    return tokensSeen;
  }

  public double bestValLoss() {
    return bestValLoss;
  }

  public double lastValLoss() {
    return lastValLoss;
  }

  /** Wall time spent training up to the last step, summed over the runs a resumed run had. */
  public double elapsedSeconds() {
    return elapsedSeconds;
  }

  /** Restores the counters of a checkpoint. */
  public void restoreCounters(
      long step, long tokensSeen, double bestValLoss, double elapsedSeconds) {
    this.step = step;
    this.tokensSeen = tokensSeen;
    this.bestValLoss = bestValLoss;
    this.elapsedSeconds = elapsedSeconds;
  }
}
