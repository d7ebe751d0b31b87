package org.minimind.workbench.app.screenshot;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;

/**
 * Starting the JavaFX toolkit without a display, and running code on its thread from another. The
 * glass, Monocle and Prism properties must be set before the toolkit first starts.
 */
public final class HeadlessFx {
  private HeadlessFx() {}

  /** Selects Monocle's headless platform and software rendering (unless already chosen). */
  public static void configure() {
    setIfAbsent("glass.platform", "Monocle");
    setIfAbsent("monocle.platform", "Headless");
    setIfAbsent("prism.order", "sw");
    setIfAbsent("prism.text", "t2k");
    setIfAbsent("java.awt.headless", "true");
    // Monocle's headless screen is 1280 x 800 unless told otherwise; the window is larger.
    setIfAbsent("headless.geometry", "1920x1200-32");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Starts the toolkit (headless) unless it is running already. */
  public static void start() throws InterruptedException {
    configure();
    CountDownLatch started = new CountDownLatch(1);
    try {
      Platform.startup(started::countDown);
    } catch (IllegalStateException alreadyRunning) {
      return;
    }
    if (!started.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the JavaFX toolkit did not start within 30 s");
    }
    Platform.setImplicitExit(false);
  }

  /** Runs {@code work} on the FX thread and waits for its result. */
  public static <T> T call(Callable<T> work, Duration timeout) throws Exception {
    FutureTask<T> task = new FutureTask<>(work);
    Platform.runLater(task);
    try {
      return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new TimeoutException("the FX thread did not answer within " + timeout);
    }
  }

  /** Runs {@code work} on the FX thread and waits for it. */
  public static void run(Runnable work) throws Exception {
    call(
        () -> {
          work.run();
          return null;
        },
        Duration.ofSeconds(60));
  }

  /** Lets the scene lay out and draw: a few round trips through the FX thread with pauses. */
  public static void settle() throws Exception {
    for (int i = 0; i < 4; i++) {
      run(() -> {});
      Thread.sleep(80);
    }
  }
}
