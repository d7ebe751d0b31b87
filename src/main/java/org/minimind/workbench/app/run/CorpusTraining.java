package org.minimind.workbench.app.run;

import java.util.concurrent.Callable;
import org.minimind.workbench.session.NewRun;
import org.minimind.workbench.session.TrainingSession;
import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainingSummary;

/**
 * A real training run started from the dashboard: the same {@link TrainingSession} the command
 * line's {@code --train} uses (corpus packed with a tokenizer, run directory with metrics.csv, slot
 * counts, drift and checkpoints), with the dashboard's queue as one more listener.
 */
public final class CorpusTraining extends TrainerControl {
  private final RunEventQueue events;

  public CorpusTraining(RunEventQueue events) {
    this.events = events;
  }

  /** The work for a background thread: packs the corpus, trains, returns how the run ended. */
  public Callable<TrainingSummary> job(NewRun run) {
    return () -> {
      try (TrainingSession session = TrainingSession.start(run)) {
        Trainer t = session.trainer();
        t.addListener(events);
        return runControlled(t);
      }
    };
  }
}
