package org.minimind.workbench.app.run;

import java.nio.file.Path;
import java.util.Map;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.train.TrainingStart;
import org.minimind.workbench.train.TrainingSummary;
import tech.tablesaw.api.Table;

/** What a run reports, as queued for the UI: plain values, no tensors. */
public sealed interface RunEvent {

  /** The loop started. */
  record Started(TrainingStart start) implements RunEvent {}

  /** An optimizer step finished (every step, for the progress display). */
  record Progress(long step, long totalSteps, double loss, double tokensPerSecond)
      implements RunEvent {}

  /**
   * A logged step of a live run, as {@code metrics.csv}'s named columns ({@link
   * MetricColumns#row}), converted on the run's thread so that draining on the FX thread only
   * appends.
   */
  record Step(Map<String, Double> row) implements RunEvent {}

  /** Rows a followed run directory appended to its {@code metrics.csv}. */
  record Rows(Table rows) implements RunEvent {}

  /** A slot-count snapshot. */
  record Counts(SlotCountsFile.Snapshot counts) implements RunEvent {}

  /** The latest per-slot drift. */
  record Drift(SlotDriftFile.Latest drift) implements RunEvent {}

  /** A checkpoint was written. */
  record Checkpoint(long step, Path directory, boolean best) implements RunEvent {}

  /** The loop ended. */
  record Finished(TrainingSummary summary) implements RunEvent {}

  /** Following a run directory failed (a file vanished or could not be parsed). */
  record Failed(String message) implements RunEvent {}
}
