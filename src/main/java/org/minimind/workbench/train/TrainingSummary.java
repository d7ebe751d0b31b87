package org.minimind.workbench.train;

/**
 * How a run ended.
 *
 * @param lastStep steps completed
 * @param reason why it stopped
 * @param lastLoss loss at the last step
 * @param bestValLoss lowest validation loss seen, NaN if never measured
 * @param seconds wall time of this session
 * @param error the failure, when {@code reason} is FAILED
 */
public record TrainingSummary(
    long lastStep,
    Reason reason,
    double lastLoss,
    double bestValLoss,
    double seconds,
    Throwable error) {

  /** Why the loop stopped. */
  public enum Reason {
    MAX_STEPS,
    TIME_BUDGET,
    STOPPED,
    FAILED
  }
}
