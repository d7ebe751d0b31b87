package org.minimind.workbench.app;

/** A background task submitted to a {@link TaskExecutor}. */
public interface TaskHandle {
  /** A handle for work that already finished (or never started). */
  TaskHandle DONE =
      new TaskHandle() {
        @Override
        public void cancel() {}

        @Override
        public boolean isDone() {
          return true;
        }
      };

  /** Interrupts the work if it is still running; its callbacks are then not called. */
  void cancel();

  boolean isDone();
}
