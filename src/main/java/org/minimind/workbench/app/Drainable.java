package org.minimind.workbench.app;

/**
 * Something a worker thread fills (a training run's events, a generation's tokens) and the UI
 * empties on the {@link EventPump}'s beat.
 */
public interface Drainable {
  /** Whether anything waits; called from the pump's thread. */
  boolean hasPending();

  /** Moves what waits into the view-models; called on the UI thread. */
  void drain();
}
