package org.minimind.workbench.app.dashboard;

import io.fair_acc.dataset.spi.DoubleDataSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.chart.Downsampler;
import org.minimind.workbench.app.chart.Smoothing;
import org.minimind.workbench.app.chart.TableExport;
import org.minimind.workbench.app.chart.XySeries;
import org.minimind.workbench.app.run.ColumnView;
import org.minimind.workbench.app.run.MetricColumns;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.app.run.RunReader;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.train.ParameterGroup;

/**
 * The dashboard's charts: which lines each chart shows (runs x metrics x visible layers), and their
 * points, smoothed and reduced to at most {@link #BUCKETS} min/max pairs per line.
 *
 * <p>Re-plotting runs on the task executor: the history is read lock-free and each dataset is
 * filled under its write lock, so a 100k-step run never stalls the UI. Refresh requests that arrive
 * while one is running are merged into one more.
 */
public final class DashboardViewModel {
  /** Min/max buckets per line: a couple of points per horizontal pixel of a chart. */
  public static final int BUCKETS = 600;

  static final String GATE_NO_GRADIENT =
      "memory gate: no gradient (the seed's gate is not differentiable: its keys and gate_proj"
          + " only choose slots)";

  private final WorkbenchState state;
  private final TaskExecutor executor;
  private final RunReader runReader;
  private final Map<DashboardPanel, MetricPanel> panels = new EnumMap<>(DashboardPanel.class);
  private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0.6);
  private final ObjectProperty<XAxis> xAxis = new SimpleObjectProperty<>(this, "xAxis", XAxis.STEP);
  private final ObservableList<BooleanProperty> layerVisible = FXCollections.observableArrayList();
  private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
  private final ObservableList<MetricPanel> shownPanels = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper gateNote = new ReadOnlyStringWrapper(this, "gateNote", "");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ObservableList<RunSummary> runTable = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper differences =
      new ReadOnlyStringWrapper(this, "differences", "");
  private boolean refreshing;
  private boolean refreshAgain;
  private boolean gateHasGradient;

  public DashboardViewModel(WorkbenchState state, TaskExecutor executor, RunReader runReader) {
    this.state = state;
    this.executor = executor;
    this.runReader = runReader;
    for (DashboardPanel p : DashboardPanel.values()) {
      panels.put(p, new MetricPanel(p));
    }
    state.runVersionProperty().addListener((o, a, b) -> refresh());
    state.runProperty().addListener((o, a, b) -> refresh());
    state.comparisonRuns().addListener((ListChangeListener<RunHistory>) c -> refresh());
    smoothing.addListener((o, a, b) -> refresh());
    shownPanels.setAll(panels.values());
    filter.addListener((o, a, b) -> shownPanels.setAll(matching(b)));
    xAxis.addListener(
        (o, a, b) -> {
          for (MetricPanel p : panels.values()) {
            p.setVisibleRange(Double.NaN, Double.NaN); // a range in other units means nothing now
          }
          refresh();
        });
    refresh();
  }

  public MetricPanel panel(DashboardPanel kind) {
    return panels.get(kind);
  }

  public List<MetricPanel> panels() {
    return List.copyOf(panels.values());
  }

  /** EMA weight in [0, 0.99]; 0 shows the raw values. */
  public DoubleProperty smoothingProperty() {
    return smoothing;
  }

  /**
   * Text that chooses the charts shown: those whose title, y label or a line's name contains every
   * word of it (case ignored); empty shows all.
   */
  public StringProperty filterProperty() {
    return filter;
  }

  /** The charts the filter lets through, in display order. */
  public ObservableList<MetricPanel> shownPanels() {
    return shownPanels;
  }

  private List<MetricPanel> matching(String text) {
    String[] words =
        text == null ? new String[0] : text.trim().toLowerCase(Locale.ROOT).split("\\s+");
    List<MetricPanel> out = new ArrayList<>();
    for (MetricPanel p : panels.values()) {
      StringBuilder haystack = new StringBuilder(p.title()).append(' ').append(p.yLabel());
      if (p.kind().rightLabel() != null) {
        haystack.append(' ').append(p.kind().rightLabel());
      }
      for (SeriesSpec s : specsFor(p.kind())) {
        haystack.append(' ').append(s.label()).append(' ').append(s.column());
      }
      String h = haystack.toString().toLowerCase(Locale.ROOT);
      boolean all = true;
      for (String w : words) {
        all &= w.isEmpty() || h.contains(w);
      }
      if (all) {
        out.add(p);
      }
    }
    return out;
  }

  /** What the charts' x axis measures: steps, tokens seen or wall time. */
  public ObjectProperty<XAxis> xAxisProperty() {
    return xAxis;
  }

  /** One toggle per layer of the shown run: whether its per-layer lines are drawn. */
  public ObservableList<BooleanProperty> layerVisible() {
    return layerVisible;
  }

  /** Says so when no run logged a gradient for the memory gate; empty otherwise. */
  public ReadOnlyStringProperty gateNoteProperty() {
    return gateNote.getReadOnlyProperty();
  }

  /** The latest values of the shown run, one line. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** The outcome of the last export, or an error. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /**
   * When runs are compared, one row per run (the shown run first) in the colour of its lines; empty
   * otherwise.
   */
  public ObservableList<RunSummary> runTable() {
    return runTable;
  }

  /** The hyperparameters in which the compared runs differ, one line; empty without comparison. */
  public ReadOnlyStringProperty differencesProperty() {
    return differences.getReadOnlyProperty();
  }

  /** The shown run first, then the compared ones. */
  List<RunHistory> runs() {
    List<RunHistory> runs = new ArrayList<>();
    if (state.run() != null) {
      runs.add(state.run());
    }
    for (RunHistory r : state.comparisonRuns()) {
      if (r != state.run()) {
        runs.add(r);
      }
    }
    return runs;
  }

  /** Re-plots (coalesced): call after the data, the runs or a display setting changed. */
  public void refresh() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    syncLayerToggles();
    List<Map.Entry<MetricPanel, List<SeriesSpec>>> plan = new ArrayList<>();
    for (MetricPanel p : panels.values()) {
      p.setSpecs(specsFor(p.kind()));
      plan.add(Map.entry(p, p.specs()));
    }
    List<MetricPanel> shown = matching(filter.get()); // a run's lines may match it too
    if (!shown.equals(shownPanels)) {
      shownPanels.setAll(shown);
    }
    double weight = Math.min(0.99, Math.max(0, smoothing.get()));
    fillFrom(plan, 0, weight, xAxis.get().column(), new LinkedHashMap<>(), false);
  }

  /**
   * Fills the panels from {@code plan[i]} on, one panel per frame: a chart redraws in the frame
   * after its data changed, and nine charts redrawn in one frame (software rendering, a training
   * run on every core) held the window still for over 100 ms. The runs' snapshots are taken once
   * per refresh, so all panels show the same steps.
   */
  private void fillFrom(
      List<Map.Entry<MetricPanel, List<SeriesSpec>>> plan,
      int i,
      double weight,
      String x,
      Map<RunHistory, RunHistory.Snapshot> snapshots,
      boolean gate) {
    if (i == plan.size()) {
      refreshing = false;
      updateGate(gate);
      summary.set(describeLatest());
      updateRunTable();
      if (refreshAgain) {
        refreshAgain = false;
        refresh();
      }
      return;
    }
    Map.Entry<MetricPanel, List<SeriesSpec>> panel = plan.get(i);
    executor.execute(
        "dashboard refresh " + panel.getKey().kind(),
        () -> fill(panel.getKey(), panel.getValue(), weight, x, snapshots),
        panelGate ->
            executor.runOnNextFrame(
                () -> fillFrom(plan, i + 1, weight, x, snapshots, gate || panelGate)),
        error -> {
          refreshing = false;
          message.set(ErrorMessages.describe("plotting failed", error));
        });
  }

  /** Reads the compared runs' manifests and best values in the background into the run table. */
  private void updateRunTable() {
    List<RunHistory> runs = runs();
    if (runs.size() < 2) {
      runTable.clear();
      differences.set("");
      return;
    }
    executor.execute(
        "run table",
        () -> {
          List<RunSummary> rows = new ArrayList<>();
          for (int r = 0; r < runs.size(); r++) {
            rows.add(RunSummary.of(runs.get(r), SeriesSpec.runColour(r)));
          }
          return rows;
        },
        rows -> {
          if (!rows.equals(runTable)) {
            runTable.setAll(rows);
          }
          differences.set(RunSummary.describeDifferences(rows));
        },
        error -> message.set(ErrorMessages.describe("cannot read the runs' settings", error)));
  }

  private void syncLayerToggles() {
    int layers = 0;
    for (RunHistory r : runs()) {
      layers = Math.max(layers, r.layerCount());
    }
    while (layerVisible.size() < layers) {
      BooleanProperty p = new SimpleBooleanProperty(true);
      p.addListener((o, a, b) -> refresh());
      layerVisible.add(p);
    }
    if (layerVisible.size() > layers) {
      layerVisible.remove(layers, layerVisible.size());
    }
  }

  private boolean layerShown(int layer) {
    return layer < layerVisible.size() && layerVisible.get(layer).get();
  }

  /** The lines of a chart for the current runs and toggles. */
  List<SeriesSpec> specsFor(DashboardPanel kind) {
    List<SeriesSpec> specs = new ArrayList<>();
    List<RunHistory> runs = runs();
    for (int r = 0; r < runs.size(); r++) {
      RunHistory run = runs.get(r);
      SeriesSpec.Look look = new SeriesSpec.Look(r, runs.size() > 1);
      switch (kind) {
        case LOSS -> {
          specs.add(look.line(run, MetricsColumns.CE, "cross entropy", -1, 0, false, false));
          specs.add(look.line(run, MetricsColumns.VAL_LOSS, "val loss", -1, 1, false, false));
          specs.add(look.line(run, MetricsColumns.AUX, "balance loss", -1, 2, true, true));
        }
        case LEARNING_RATE ->
            specs.add(look.line(run, MetricsColumns.LR, "lr", -1, 0, false, false));
        case THROUGHPUT ->
            specs.add(look.line(run, MetricsColumns.TOKENS_PER_S, "tokens/s", -1, 0, false, false));
        case GINI -> perLayer(specs, look, run, MetricColumns.GINI, "", false);
        case COVERAGE -> perLayer(specs, look, run, MetricColumns.COVERAGE, "", false);
        case KL -> perLayer(specs, look, run, MetricColumns.KL, "", false);
        case VARIANCE -> perLayer(specs, look, run, MetricColumns.SELECTION_VARIANCE, "", false);
        case DEAD_HOT -> {
          perLayer(specs, look, run, MetricColumns.DEAD, " dead", false);
          perLayer(specs, look, run, MetricColumns.HOT, " hot", true);
        }
        case GRADIENT_NORM -> {
          int line = 0;
          RunHistory.Snapshot snap = run.snapshot();
          for (ParameterGroup g : ParameterGroup.values()) {
            String column = MetricsColumns.groupNorm(g);
            // groups a run has no gradient for (the seed's gate; a token memory's bank) get no
            // line, rather than an empty legend entry
            boolean logged =
                snap.rows() == 0 || (snap.has(column) && !snap.column(column).allMissing());
            if ((g != ParameterGroup.MEMORY_GATE || gateHasGradient) && logged) {
              specs.add(
                  look.line(run, MetricsColumns.groupNorm(g), g.key(), -1, line, false, false));
            }
            line++;
          }
        }
      }
    }
    return specs;
  }

  private void perLayer(
      List<SeriesSpec> specs,
      SeriesSpec.Look look,
      RunHistory run,
      String stat,
      String suffix,
      boolean thin) {
    for (int layer = 0; layer < run.layerCount(); layer++) {
      if (layerShown(layer)) {
        specs.add(
            look.line(
                run,
                MetricsColumns.layerStat(layer, stat),
                "layer " + layer + suffix,
                layer,
                layer,
                thin,
                false));
      }
    }
  }

  /**
   * Background: smooths, reduces and writes every line into its dataset.
   *
   * @return whether any run logged a gradient norm for the memory gate
   */
  private static boolean fill(
      MetricPanel panel,
      List<SeriesSpec> specs,
      double weight,
      String x,
      Map<RunHistory, RunHistory.Snapshot> snapshots) {
    for (SeriesSpec s : specs) {
      RunHistory.Snapshot snap = snapshots.computeIfAbsent(s.run(), RunHistory::snapshot);
      XySeries points = points(snap, x, s.column(), weight, panel.visibleMin(), panel.visibleMax());
      DoubleDataSet d = panel.datasetFor(s);
      if (d != null) {
        d.lock().writeLockGuard(() -> d.set(points.x(), points.y(), points.size(), true));
      }
    }
    boolean gate = false;
    String gateColumn = MetricsColumns.groupNorm(ParameterGroup.MEMORY_GATE);
    for (RunHistory.Snapshot snap : snapshots.values()) {
      gate |= !snap.column(gateColumn).allMissing();
    }
    return gate;
  }

  /** {@link #points(RunHistory.Snapshot, String, String, double, double, double)} over steps. */
  static XySeries points(
      RunHistory.Snapshot snap, String column, double weight, double min, double max) {
    return points(snap, MetricsColumns.STEP, column, weight, min, max);
  }

  /**
   * A column as plotted against column {@code x}: smoothed with weight {@code weight} over the
   * whole run, then min/max reduced within the visible x range {@code [min, max]} (NaN: all).
   */
  static XySeries points(
      RunHistory.Snapshot snap, String x, String column, double weight, double min, double max) {
    ColumnView steps = snap.has(x) ? snap.column(x) : snap.steps();
    ColumnView values = snap.column(column);
    int n = Math.min(steps.size(), values.size());
    double[] y = weight > 0 ? Smoothing.ema(values.values(), n, weight) : values.values();
    if (Double.isNaN(min) || Double.isNaN(max)) {
      return Downsampler.minMax(steps.values(), y, n, BUCKETS);
    }
    int[] w = Downsampler.window(steps.values(), n, min, max);
    return Downsampler.minMax(steps.values(), y, w[0], w[1], BUCKETS);
  }

  /**
   * The chart of {@code panel} was zoomed to steps {@code [min, max]}, or back to the whole run
   * ({@code whole}): its lines are reduced again within what it shows.
   */
  public void zoomed(DashboardPanel panel, double min, double max, boolean whole) {
    MetricPanel p = panels.get(panel);
    double newMin = whole ? Double.NaN : min;
    double newMax = whole ? Double.NaN : max;
    if (Double.compare(newMin, p.visibleMin()) == 0
        && Double.compare(newMax, p.visibleMax()) == 0) {
      return;
    }
    p.setVisibleRange(newMin, newMax);
    refresh();
  }

  private void updateGate(boolean hasGradient) {
    boolean anyRun = !runs().isEmpty() && runs().stream().anyMatch(r -> r.rows() > 0);
    gateNote.set(anyRun && !hasGradient ? GATE_NO_GRADIENT : "");
    if (hasGradient != gateHasGradient) {
      gateHasGradient = hasGradient;
      refresh();
    }
  }

  private String describeLatest() {
    RunHistory run = state.run();
    if (run == null || run.rows() == 0) {
      return "no run: start training, or open a run directory or a checkpoint with metrics";
    }
    RunHistory.Snapshot s = run.snapshot();
    double ce = s.column(MetricsColumns.CE).lastPresent();
    double val = s.column(MetricsColumns.VAL_LOSS).lastPresent();
    double tps = s.column(MetricsColumns.TOKENS_PER_S).lastPresent();
    return String.format(
        Locale.ROOT,
        "%s: step %d, %d logged steps, cross entropy %.4f%s, %.0f tokens/s",
        run.name(),
        run.lastStep(),
        s.rows(),
        ce,
        Double.isNaN(val) ? "" : String.format(Locale.ROOT, ", val loss %.4f", val),
        tps);
  }

  public void setMessage(String text) {
    message.set(text);
  }

  /** Adds the run in {@code directory} to the charts for comparison (read in the background). */
  public void compare(Path directory) {
    executor.execute(
        "read run " + directory,
        () -> runReader.read(directory),
        history -> {
          state.comparisonRuns().add(history);
          message.set(
              "comparing with "
                  + String.join(
                      ", ", state.comparisonRuns().stream().map(RunHistory::name).toList()));
        },
        e -> message.set(ErrorMessages.describe("cannot read run " + directory, e)));
  }

  /** Shows only the current run again. */
  public void clearComparison() {
    state.comparisonRuns().clear();
    message.set("");
  }

  /** Writes the shown run's metrics (every logged step, every column) as CSV, in the background. */
  public void exportCsv(Path file) {
    RunHistory run = state.run();
    if (run == null) {
      message.set("nothing to export: no run is shown");
      return;
    }
    executor.execute(
        "export metrics",
        () -> {
          RunHistory.Snapshot snap = run.snapshot();
          Map<String, double[]> columns = new LinkedHashMap<>();
          for (String c : run.columnNames()) {
            columns.put(c, snap.column(c).toArray());
          }
          MetricsCsv.write(
              file,
              TableExport.table(
                  run.name(), columns, Set.of(MetricsColumns.STEP, MetricsColumns.TOKENS)));
          return file;
        },
        f -> message.set("wrote " + f),
        e -> message.set(ErrorMessages.describe("export failed", e)));
  }
}
