/**
 * A run as the workbench sees it: the metrics logged at each step ({@link
 * org.minimind.workbench.app.run.RunHistory}, fed from a live {@link
 * org.minimind.workbench.train.Trainer} or from a run directory's files), the per-slot selection
 * counts and drift, and the training session the dashboard starts, pauses and stops.
 *
 * <p>The training loop's listener only enqueues ({@link
 * org.minimind.workbench.app.run.RunEventQueue}); the UI drains the queue about ten times a second
 * into the history, so the loop never waits for the screen. Toolkit-free.
 */
package org.minimind.workbench.app.run;
