package org.minimind.workbench.app;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Where the workbench runs background work. Model operations (loading a checkpoint, a forward pass,
 * a training run, generation) never run on the UI thread: view-models hand them to this executor
 * and receive the result, or the failure, back on the UI thread.
 *
 * <p>{@link FxTaskExecutor} runs work on worker threads and delivers on the JavaFX application
 * thread; {@link SameThreadTaskExecutor} runs everything in the caller's thread so that view-models
 * can be tested without a toolkit.
 */
public interface TaskExecutor {

  /**
   * Runs {@code work} in the background, then {@code onSuccess} with its result or {@code
   * onFailure} with what it threw, both on the UI thread.
   *
   * @param name what the work is, for logs and thread names
   * @return a handle to cancel the work (by interrupting it)
   */
  <T> TaskHandle execute(
      String name,
      Callable<T> work,
      Consumer<? super T> onSuccess,
      Consumer<? super Throwable> onFailure);

  /**
   * As {@link #execute}, on a thread the operating system schedules after the window's ({@link
   * LowPriority}): for long work on every core, such as training, that must not make the window
   * stutter. By default the same as {@link #execute}.
   */
  default <T> TaskHandle executeAtLowPriority(
      String name,
      Callable<T> work,
      Consumer<? super T> onSuccess,
      Consumer<? super Throwable> onFailure) {
    return execute(name, work, onSuccess, onFailure);
  }

  /** Runs {@code action} on the UI thread (later, or now when already there). */
  void runOnUiThread(Runnable action);

  /**
   * Runs {@code action} on the UI thread once the next frame has begun, so that UI work split into
   * parts is drawn part by part instead of in one long frame. Without frames (tests), as {@link
   * #runOnUiThread}.
   */
  default void runOnNextFrame(Runnable action) {
    runOnUiThread(action);
  }

  /** Stops accepting work and interrupts what is running. */
  void shutdown();
}
