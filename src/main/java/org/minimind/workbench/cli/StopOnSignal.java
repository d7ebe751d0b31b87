package org.minimind.workbench.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainingListener;
import org.minimind.workbench.train.TrainingStart;
import org.minimind.workbench.train.TrainingSummary;

/**
 * Ctrl-C and SIGTERM while a run trains: the JVM's shutdown hook asks the trainer to stop, as the
 * window's stop button does, so the run ends at the end of its current step with a checkpoint; the
 * hook then waits for the training to end (at most {@link #WAIT}) before the JVM exits, and the
 * run's end prints one line naming the checkpoint. Close it when the training and its report are
 * over: that lets a waiting hook go, or removes the hook.
 */
final class StopOnSignal implements TrainingListener, AutoCloseable {
  /** How long the JVM waits for the current step and its checkpoint. */
  static final Duration WAIT = Duration.ofMinutes(2);

  private final Trainer trainer;
  private final PrintStream out;
  private final CountDownLatch over = new CountDownLatch(1);
  private final Thread hook = new Thread(this::stopAndWait, "stop on signal");
  private volatile boolean signalled;
  private long firstStep;
  private Path lastCheckpoint;

  private StopOnSignal(Trainer trainer, PrintStream out) {
    this.trainer = trainer;
    this.out = out;
  }

  /** Registers the shutdown hook for {@code trainer}'s run, and listens to the run. */
  static StopOnSignal install(Trainer trainer, PrintStream out) {
    StopOnSignal s = new StopOnSignal(trainer, out);
    trainer.addListener(s);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  @Override
  public void onStart(TrainingStart start) {
    firstStep = start.firstStep();
  }

  @Override
  public void onCheckpoint(long step, Path dir, boolean best) {
    lastCheckpoint = dir;
  }

  @Override
  public void onFinish(TrainingSummary summary) {
    if (!signalled || summary.reason() != TrainingSummary.Reason.STOPPED) {
      return;
    }
    out.println(
        summary.lastStep() > firstStep
            ? "stopped by a signal at step "
                + summary.lastStep()
                + ": checkpoint "
                + lastCheckpoint
                + " written; --resume continues from it"
            : "stopped by a signal before the first step; nothing new to save");
    out.flush();
  }

  /** The hook: asks for a stop after the current step, then waits until the run is over. */
  void stopAndWait() {
    signalled = true;
    trainer.requestStop();
    try {
      if (!over.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        out.printf(
            Locale.ROOT,
            "the run did not reach the end of its step within %d s of the signal; exiting without a"
                + " new checkpoint (the last one written stays resumable)%n",
            WAIT.toSeconds());
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The training is over and reported: a waiting hook lets the JVM exit; else no hook stays. */
  @Override
  public void close() {
    over.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running (it was waiting for the countdown above)
    }
  }
}
