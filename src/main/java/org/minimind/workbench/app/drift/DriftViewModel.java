package org.minimind.workbench.app.drift;

import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.chart.Downsampler;
import org.minimind.workbench.app.chart.XySeries;
import org.minimind.workbench.app.run.ColumnView;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.model.MemoryDrift;

/**
 * The drift view's data: the seed's memory-update statistics over steps (from the run's metrics)
 * and a histogram of each slot's L2 change over the latest interval ({@code onSlotDrift}, or the
 * run directory's {@code slot_drift.bin}). Datasets are filled in the background.
 */
public final class DriftViewModel {
  /** Histogram bins. */
  public static final int BINS = 60;

  private final WorkbenchState state;
  private final TaskExecutor executor;
  private final DoubleDataSet avgL2 = styled("average L2 change", "#0072bd");
  private final DoubleDataSet maxL2 = styled("max L2 change", "#d95319");
  private final DoubleDataSet cosine = styled("1 - cosine similarity", "#7e2f8e");
  private final DoubleDataSet updateRate = styled("update rate (> 0.01)", "#77ac30");
  private final DoubleDataSet histogram = styled("slots", "#0072bd");
  private final DoubleDataSet tokenChangeRate = styled("token positions changed", "#a2142f");
  private final ReadOnlyBooleanWrapper tokenMemory =
      new ReadOnlyBooleanWrapper(this, "tokenMemory");
  private final ReadOnlyStringWrapper histogramTitle =
      new ReadOnlyStringWrapper(this, "histogramTitle", "Per-slot L2 change");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private boolean refreshing;
  private boolean again;

  public DriftViewModel(WorkbenchState state, TaskExecutor executor) {
    this.state = state;
    this.executor = executor;
    state.runVersionProperty().addListener((o, a, b) -> refresh());
    state.runProperty().addListener((o, a, b) -> refresh());
    refresh();
  }

  private static DoubleDataSet styled(String name, String colour) {
    DoubleDataSet d = new DoubleDataSet(name);
    d.setStyle(
        "-fx-line-color: " + colour + "; -fx-line-width: 1.5; -fx-fill-color: " + colour + ";");
    return d;
  }

  /** Re-plots from the shown run (coalesced). */
  public void refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    RunHistory run = state.run();
    executor.execute(
        "drift refresh",
        () -> fill(run),
        result -> {
          refreshing = false;
          summary.set(result.summary());
          tokenMemory.set(result.tokenMemory());
          SlotDriftFile.Latest d = run == null ? null : run.latestDrift();
          histogramTitle.set(
              d == null
                  ? "Per-slot L2 change (no per-slot drift recorded)"
                  : "Per-slot L2 change over the interval ending at step " + d.step());
          if (again) {
            again = false;
            refresh();
          }
        },
        e -> {
          refreshing = false;
          summary.set(ErrorMessages.describe("cannot plot the drift", e));
        });
  }

  /** What a refresh found: the summary line, and whether the run's memory holds token ids. */
  private record Filled(String summary, boolean tokenMemory) {}

  private Filled fill(RunHistory run) {
    if (run == null) {
      for (DoubleDataSet d :
          List.of(avgL2, maxL2, cosine, updateRate, histogram, tokenChangeRate)) {
        d.lock().writeLockGuard(() -> d.clearData());
      }
      return new Filled(
          "no run: train, or open a run directory or a checkpoint with metrics", false);
    }
    RunHistory.Snapshot snap = run.snapshot();
    if (snap.has(MetricsColumns.TOKEN_CHANGE_RATE)
        && !snap.column(MetricsColumns.TOKEN_CHANGE_RATE).allMissing()) {
      set(tokenChangeRate, snap, MetricsColumns.TOKEN_CHANGE_RATE);
      double last = snap.column(MetricsColumns.TOKEN_CHANGE_RATE).lastPresent();
      return new Filled(
          String.format(
              Locale.ROOT,
              "token memory, step %d: %.2f%% of the memory's token positions changed in the last"
                  + " interval",
              run.lastStep(),
              100 * last),
          true);
    }
    return new Filled(fillContinuous(run, snap), false);
  }

  private String fillContinuous(RunHistory run, RunHistory.Snapshot snap) {
    set(avgL2, snap, MetricsColumns.AVG_L2);
    set(maxL2, snap, MetricsColumns.MAX_L2);
    setOneMinus(cosine, snap, MetricsColumns.COSINE);
    set(updateRate, snap, MetricsColumns.UPDATE_RATE);
    SlotDriftFile.Latest drift = run.latestDrift();
    if (drift == null) {
      histogram.lock().writeLockGuard(() -> histogram.clearData());
      return snap.rows() == 0
          ? "this run logged no steps yet"
          : "this run recorded no per-slot drift";
    }
    float[] v = drift.perSlotL2Change();
    Histogram h = Histogram.of(v, BINS);
    histogram
        .lock()
        .writeLockGuard(() -> histogram.set(h.centers(), h.counts(), h.centers().length, true));
    double sum = 0;
    double max = 0;
    int moved = 0;
    for (float x : v) {
      sum += x;
      max = Math.max(max, x);
      moved += x > MemoryDrift.THRESHOLD ? 1 : 0;
    }
    return String.format(
        Locale.ROOT,
        "step %d: mean slot change %.3g, largest %.3g, %d of %d slots moved more than %.2g",
        drift.step(),
        v.length == 0 ? 0 : sum / v.length,
        max,
        moved,
        v.length,
        MemoryDrift.THRESHOLD);
  }

  /**
   * The smallest value drawn on the log axis of {@code 1 - cosine}: a bank that did not move (or a
   * cosine rounded to 1 or just above it in float32) is drawn there.
   */
  public static final double ONE_MINUS_FLOOR = 1e-12;

  /**
   * {@code 1 - column} at least {@link #ONE_MINUS_FLOOR}: cosines near 1 differ in their last
   * digits, which a log axis of the distance from 1 shows and a linear axis of the cosine hides.
   */
  private static void setOneMinus(DoubleDataSet d, RunHistory.Snapshot snap, String column) {
    ColumnView steps = snap.steps();
    ColumnView values = snap.column(column);
    int n = Math.min(steps.size(), values.size());
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double v = values.get(i);
      y[i] = Double.isNaN(v) ? Double.NaN : Math.max(ONE_MINUS_FLOOR, 1 - v);
    }
    XySeries s = Downsampler.minMax(steps.values(), y, n, 600);
    d.lock().writeLockGuard(() -> d.set(s.x(), s.y(), s.size(), true));
  }

  private static void set(DoubleDataSet d, RunHistory.Snapshot snap, String column) {
    ColumnView steps = snap.steps();
    ColumnView values = snap.column(column);
    int n = Math.min(steps.size(), values.size());
    XySeries s = Downsampler.minMax(steps.values(), values.values(), n, 600);
    d.lock().writeLockGuard(() -> d.set(s.x(), s.y(), s.size(), true));
  }

  public DoubleDataSet averageL2() {
    return avgL2;
  }

  public DoubleDataSet maxL2() {
    return maxL2;
  }

  public DoubleDataSet cosine() {
    return cosine;
  }

  public DoubleDataSet updateRate() {
    return updateRate;
  }

  public DoubleDataSet histogram() {
    return histogram;
  }

  /** Token memory only: the share of its token positions whose id changed, per interval. */
  public DoubleDataSet tokenChangeRate() {
    return tokenChangeRate;
  }

  /**
   * Whether the shown run's memory holds token ids (the 1.4.6 variant): its drift is the share of
   * ids that changed; L2 change, cosine similarity and per-slot change describe vectors only.
   */
  public ReadOnlyBooleanProperty tokenMemoryProperty() {
    return tokenMemory.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty histogramTitleProperty() {
    return histogramTitle.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }
}
