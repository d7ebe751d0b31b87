package org.minimind.workbench.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;

/**
 * Drains what worker threads queued (a live run's events, generated tokens) into the views about
 * ten times a second. A daemon thread looks at the queues every period and, only when something is
 * waiting, posts one drain to the FX thread; an idle workbench thus asks for no pulses at all (an
 * FX {@code Timeline} would keep the scene pulsing 60 times a second).
 */
public final class EventPump implements AutoCloseable {
  /** Period of the drain, in milliseconds. */
  public static final long PERIOD_MS = 100;

  private final List<Drainable> sources = new CopyOnWriteArrayList<>();
  private final AtomicBoolean posted = new AtomicBoolean();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "event-pump");
            t.setDaemon(true);
            return t;
          });

  /** A pump for {@code sources} (more can be added). */
  public EventPump(Drainable... sources) {
    this.sources.addAll(List.of(sources));
  }

  public void add(Drainable source) {
    sources.add(source);
  }

  /** Starts draining. */
  public void start() {
    timer.scheduleAtFixedRate(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    boolean pending = false;
    for (Drainable d : sources) {
      pending |= d.hasPending();
    }
    if (pending && posted.compareAndSet(false, true)) {
      Platform.runLater(
          () -> {
            posted.set(false);
            for (Drainable d : sources) {
              d.drain();
            }
          });
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
