package org.minimind.workbench.app;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs every task and callback immediately in the calling thread: view-model tests see the result
 * of a command as soon as it returns, without a JavaFX toolkit or any waiting.
 */
public final class SameThreadTaskExecutor implements TaskExecutor {

  @Override
  public <T> TaskHandle execute(
      String name,
      Callable<T> work,
      Consumer<? super T> onSuccess,
      Consumer<? super Throwable> onFailure) {
    T result;
    try {
      result = work.call();
    } catch (Exception | Error e) {
      onFailure.accept(e);
      return TaskHandle.DONE;
    }
    onSuccess.accept(result);
    return TaskHandle.DONE;
  }

  @Override
  public void runOnUiThread(Runnable action) {
    action.run();
  }

  @Override
  public void shutdown() {}
}
