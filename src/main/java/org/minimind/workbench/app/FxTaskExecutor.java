package org.minimind.workbench.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on daemon worker threads and delivers results on the JavaFX application thread. Work
 * handed to {@link #executeAtLowPriority} runs on threads of its own, of lower priority.
 *
 * <p>It also counts the tasks in flight (including their pending callbacks), so that the screenshot
 * mode and UI tests can wait until the workbench is idle before taking a picture.
 */
public final class FxTaskExecutor implements TaskExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(FxTaskExecutor.class);

  private final ExecutorService workers;
  private final ExecutorService lowPriorityWorkers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<Long, String> running = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Object idleMonitor = new Object();

  public FxTaskExecutor() {
    this.workers = Executors.newCachedThreadPool(threads("workbench-worker-", false));
    this.lowPriorityWorkers = Executors.newCachedThreadPool(threads("workbench-background-", true));
  }

  /**
   * Daemon threads named {@code prefix} and a number; lowered ones lower their priority before
   * their first task and keep it (the operating system does not let it be raised back).
   */
  private static ThreadFactory threads(String prefix, boolean lowered) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Runnable body =
          lowered
              ? () -> {
                LowPriority.lowerCurrentThread();
                r.run();
              }
              : r;
      Thread t = new Thread(body, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public <T> TaskHandle execute(
      String name,
      Callable<T> work,
      Consumer<? super T> onSuccess,
      Consumer<? super Throwable> onFailure) {
    return submit(workers, name, work, onSuccess, onFailure);
  }

  @Override
  public <T> TaskHandle executeAtLowPriority(
      String name,
      Callable<T> work,
      Consumer<? super T> onSuccess,
      Consumer<? super Throwable> onFailure) {
    return submit(lowPriorityWorkers, name, work, onSuccess, onFailure);
  }

  private <T> TaskHandle submit(
      ExecutorService pool,
      String name,
      Callable<T> work,
      Consumer<? super T> onSuccess,
      Consumer<? super Throwable> onFailure) {
    if (pool.isShutdown()) { // the window is closing: late refreshes have nowhere to go
      LOG.debug("{} not started: the executor is shut down", name);
      return TaskHandle.DONE;
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    long id = ids.incrementAndGet();
    running.put(id, name);
    inFlight.incrementAndGet();
    Future<?> future;
    try {
      future =
          pool.submit(
              () -> {
                try {
                  T result = work.call();
                  deliver(id, cancelled, () -> onSuccess.accept(result));
                } catch (Exception | Error e) {
                  if (!cancelled.get()) {
                    LOG.warn("{} failed: {}", name, e.toString(), e);
                  }
                  deliver(id, cancelled, () -> onFailure.accept(e));
                }
              });
    } catch (RejectedExecutionException e) {
      done(id);
      LOG.debug("{} not started: the executor is shut down", name);
      return TaskHandle.DONE;
    }
    return new TaskHandle() {
      @Override
      public void cancel() {
        cancelled.set(true);
        future.cancel(true);
      }

      @Override
      public boolean isDone() {
        return future.isDone();
      }
    };
  }

  private void deliver(long id, AtomicBoolean cancelled, Runnable callback) {
    Platform.runLater(
        () -> {
          try {
            if (!cancelled.get()) {
              callback.run();
            }
          } finally {
            done(id);
          }
        });
  }

  private void done(long id) {
    running.remove(id);
    if (inFlight.decrementAndGet() == 0) {
      synchronized (idleMonitor) {
        idleMonitor.notifyAll();
      }
    }
  }

  @Override
  public void runOnUiThread(Runnable action) {
    if (Platform.isFxApplicationThread()) {
      action.run();
    } else {
      Platform.runLater(action);
    }
  }

  /** Counted in flight until it has run, like a task's callback. */
  @Override
  public void runOnNextFrame(Runnable action) {
    long id = ids.incrementAndGet();
    running.put(id, "next frame");
    inFlight.incrementAndGet();
    Platform.runLater(
        () ->
            new AnimationTimer() { // handle() is called at the start of the next pulse
              @Override
              public void handle(long now) {
                stop();
                try {
                  action.run();
                } finally {
                  done(id);
                }
              }
            }.start());
  }

  /** Names of the tasks in flight, for diagnostics. */
  public List<String> runningTasks() {
    return List.copyOf(running.values());
  }

  /** Tasks submitted and not yet delivered. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Blocks (never on the FX thread) until no task is in flight or {@code timeout} passes.
   *
   * @return whether the executor became idle
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    if (Platform.isFxApplicationThread()) {
      throw new IllegalStateException("awaitIdle would block the FX thread");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idleMonitor) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idleMonitor.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  @Override
  public void shutdown() {
    workers.shutdownNow();
    lowPriorityWorkers.shutdownNow();
  }
}
