package org.minimind.workbench.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;

/**
 * Drains a live run's queued events into the views about ten times a second. A daemon thread
 * looks at the queue every period and, only when something is waiting, posts one drain to the FX
 * thread; an idle workbench thus asks for no pulses at all (an FX {@code Timeline} would keep the
 * scene pulsing 60 times a second).
 */
public final class EventPump implements AutoCloseable {
  /** Period of the drain, in milliseconds. */
  public static final long PERIOD_MS = 100;

  private final WorkbenchState state;
  private final AtomicBoolean posted = new AtomicBoolean();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-pump");
        t.setDaemon(true);
        return t;
      });

  public EventPump(WorkbenchState state) {
    this.state = state;
  }

  /** Starts draining. */
  public void start() {
    timer.scheduleAtFixedRate(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    if (!state.events().isEmpty() && posted.compareAndSet(false, true)) {
      Platform.runLater(() -> {
        posted.set(false);
        state.drainEvents();
      });
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
