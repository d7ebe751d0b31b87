package org.minimind.workbench.app.run;

import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainingSummary;

/**
 * Pause and stop for a run whose {@link Trainer} exists only while its job runs: requests made
 * before it starts are kept and applied when it does, later ones are forwarded to it.
 */
abstract class TrainerControl implements ControllableRun {
  private volatile Trainer trainer;
  private volatile boolean stopRequested;
  private volatile boolean paused;

  /** Runs {@code t} to its end with the requests made so far applied; forwards later ones. */
  protected final TrainingSummary runControlled(Trainer t) {
    trainer = t;
    try {
      t.setPaused(paused);
      if (stopRequested) {
        t.requestStop();
      }
      return t.run();
    } finally {
      trainer = null;
    }
  }

  @Override
  public final void setPaused(boolean paused) {
    this.paused = paused;
    Trainer t = trainer;
    if (t != null) {
      t.setPaused(paused);
    }
  }

  /** Asks the loop to stop after its current step. */
  @Override
  public final void requestStop() {
    stopRequested = true;
    Trainer t = trainer;
    if (t != null) {
      t.requestStop();
    }
  }
}
