package org.minimind.workbench.app.run;

/** A training run the dashboard can pause and stop (cooperatively, between steps). */
public interface ControllableRun {
  void setPaused(boolean paused);

  void requestStop();
}
