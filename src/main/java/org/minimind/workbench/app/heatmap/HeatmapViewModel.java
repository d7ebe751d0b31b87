package org.minimind.workbench.app.heatmap;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.chart.TableExport;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.app.slots.SlotCsv;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.app.slots.SlotGridModel;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.model.MemoryVariant;
import org.minimind.workbench.model.generate.SlotTrace;

/**
 * The memory heatmap of one layer: selection counts on the product-key grid, summed over a window
 * of training snapshots ({@code slot_counts.bin} or the live run) or taken from the current
 * prompt's forward pass; log or linear colour scale; a description of the hovered cell.
 */
public final class HeatmapViewModel {
  /** Where the counts come from. */
  public enum Source {
    TRAINING("training steps"),
    PROMPT("current prompt");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private final WorkbenchState state;
  private final SlotFocus focus;
  private final TaskExecutor executor;
  private final SlotGridModel grid = new SlotGridModel();
  private final ObjectProperty<Source> source =
      new SimpleObjectProperty<>(this, "source", Source.TRAINING);
  private final IntegerProperty layer = new SimpleIntegerProperty(this, "layer", 0);
  private final ReadOnlyIntegerWrapper layerCount =
      new ReadOnlyIntegerWrapper(this, "layerCount", 0);
  private final IntegerProperty windowFrom = new SimpleIntegerProperty(this, "windowFrom", 0);
  private final IntegerProperty windowTo = new SimpleIntegerProperty(this, "windowTo", 0);
  private final ReadOnlyIntegerWrapper snapshots = new ReadOnlyIntegerWrapper(this, "snapshots", 0);
  private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", true);
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyStringWrapper windowText =
      new ReadOnlyStringWrapper(this, "windowText", "");
  private final ReadOnlyStringWrapper exportMessage =
      new ReadOnlyStringWrapper(this, "exportMessage", "");
  private boolean followLatest = true;

  public HeatmapViewModel(WorkbenchState state, SlotFocus focus, TaskExecutor executor) {
    this.state = state;
    this.focus = focus;
    this.executor = executor;
    state.runVersionProperty().addListener((o, a, b) -> runChanged());
    state
        .runProperty()
        .addListener(
            (o, a, b) -> {
              followLatest = true;
              runChanged();
            });
    state.modelProperty().addListener((o, a, b) -> refresh());
    focus
        .traceProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null && snapshots.get() == 0) {
                source.set(Source.PROMPT);
              }
              refresh();
            });
    focus.highlightOn(grid, layer);
    focus.reportChoices(grid);
    grid.setSlotDetails(this::slotContent);
    source.addListener((o, a, b) -> refresh());
    layer.addListener((o, a, b) -> refresh());
    logScale.addListener((o, a, b) -> refresh());
    windowFrom.addListener(
        (o, a, b) -> {
          if (b.intValue() > windowTo.get()) {
            windowTo.set(b.intValue());
          }
          refresh();
        });
    windowTo.addListener(
        (o, a, b) -> {
          followLatest = b.intValue() >= snapshots.get() - 1;
          if (b.intValue() < windowFrom.get()) {
            windowFrom.set(b.intValue());
          }
          refresh();
        });
    runChanged();
  }

  private void runChanged() {
    RunHistory run = state.run();
    int n = run == null ? 0 : run.slotCounts().size();
    int before = snapshots.get();
    snapshots.set(n);
    if (n > 0 && (followLatest || windowTo.get() >= n)) {
      if (before == 0) {
        windowFrom.set(0);
      }
      windowTo.set(n - 1);
    }
    if (n > 0 && before == 0 && focus.trace() == null) {
      source.set(Source.TRAINING);
    }
    refresh();
  }

  /** Recomputes the grid for the current source, layer, window and scale (in the background). */
  public void refresh() {
    int layers = layersAvailable();
    layerCount.set(layers);
    if (layers > 0 && layer.get() >= layers) {
      layer.set(layers - 1);
      return; // the layer listener refreshes
    }
    int l = layer.get();
    boolean log = logScale.get();
    if (source.get() == Source.PROMPT) {
      SlotTrace t = focus.trace();
      if (t == null || l >= t.layerCount()) {
        summary.set(
            focus.analyzingProperty().get() ? "analysing the prompt…" : "no prompt analysed yet");
        return;
      }
      String what = String.format(Locale.ROOT, "layer %d, prompt of %d tokens", l, t.length());
      show(() -> t.counts(l), log, what);
      return;
    }
    RunHistory run = state.run();
    List<SlotCountsFile.Snapshot> records = run == null ? List.of() : run.slotCounts();
    if (records.isEmpty()) {
      summary.set("this run has no slot counts: analyse a prompt, or train to record some");
      windowText.set("");
      return;
    }
    int from = Math.max(0, Math.min(windowFrom.get(), records.size() - 1));
    int to = Math.max(from, Math.min(windowTo.get(), records.size() - 1));
    List<SlotCountsFile.Snapshot> window = records.subList(from, to + 1);
    long firstStep = window.get(0).step();
    long lastStep = window.get(window.size() - 1).step();
    windowText.set(
        String.format(
            Locale.ROOT, "steps %d to %d (%d snapshots)", firstStep, lastStep, window.size()));
    String what =
        String.format(
            Locale.ROOT,
            "layer %d, steps %d to %d (%d snapshots)",
            l,
            firstStep,
            lastStep,
            window.size());
    show(() -> sum(window, l), log, what);
  }

  /** Sums the counts of {@code layer} over the snapshots of the window. */
  static int[] sum(List<SlotCountsFile.Snapshot> window, int layer) {
    int[] total = null;
    for (SlotCountsFile.Snapshot s : window) {
      if (layer >= s.counts().length) {
        continue;
      }
      int[] c = s.counts()[layer];
      if (total == null) {
        total = new int[c.length];
      }
      for (int i = 0; i < c.length; i++) {
        total[i] += c[i];
      }
    }
    if (total == null) {
      throw new IllegalArgumentException("no snapshot in the window has layer " + layer);
    }
    return total;
  }

  private void show(Supplier<int[]> counts, boolean log, String what) {
    grid.showInBackground(
        executor,
        "heatmap",
        layer.get(),
        counts,
        log,
        () -> {
          int used = 0;
          int max = 0;
          for (int c : grid.counts()) {
            used += c > 0 ? 1 : 0;
            max = Math.max(max, c);
          }
          summary.set(
              String.format(
                  Locale.ROOT,
                  "%s: %d selections, %d of %d slots used, most selected %d",
                  what,
                  grid.total(),
                  used,
                  grid.side() * grid.side(),
                  max));
        },
        e -> summary.set(ErrorMessages.describe("cannot draw the heatmap", e)));
  }

  private int layersAvailable() {
    if (state.model() != null) {
      return state.model().config().nLayers();
    }
    RunHistory run = state.run();
    return run == null ? 0 : run.layerCount();
  }

  /** Writes the grid's counts as CSV (slot, row, column, count), in the background. */
  public void exportCsv(Path file) {
    int[] counts = grid.counts();
    int side = grid.side();
    if (side == 0) {
      summary.set("nothing to export yet");
      return;
    }
    SlotCsv.export(
        executor,
        "export heatmap",
        file,
        () -> {
          double[] slot = new double[counts.length];
          double[] row = new double[counts.length];
          double[] column = new double[counts.length];
          double[] count = new double[counts.length];
          for (int i = 0; i < counts.length; i++) {
            slot[i] = i;
            row[i] = i / side;
            column[i] = i % side;
            count[i] = counts[i];
          }
          Map<String, double[]> columns = new LinkedHashMap<>();
          columns.put("slot", slot);
          columns.put("row", row);
          columns.put("column", column);
          columns.put("count", count);
          return TableExport.table("heatmap", columns, columns.keySet());
        },
        exportMessage::set);
  }

  /** The outcome of the last export. */
  public ReadOnlyStringProperty exportMessageProperty() {
    return exportMessage.getReadOnlyProperty();
  }

  /**
   * For a token-memory model, what the slot holds, decoded as text (its L token ids read from the
   * host copy of the bank: no engine work); empty for the continuous bank.
   */
  private String slotContent(int slot) {
    LoadedModel open = state.model();
    if (open == null
        || open.tokenizer() == null
        || open.config().memoryVariant() != MemoryVariant.TOKEN
        || slot >= open.config().knowledgeNum()) {
      return "";
    }
    try {
      int[] ids = open.use(m -> m.tokenMemory().map(tm -> tm.slot(slot)).orElse(null));
      if (ids == null) {
        return "";
      }
      String text = open.tokenizer().decode(ids, false);
      return "\nholds: \"" + text.replace("\n", "\u23CE") + "\" " + java.util.Arrays.toString(ids);
    } catch (Exception e) {
      return "";
    }
  }

  public SlotGridModel grid() {
    return grid;
  }

  public ObjectProperty<Source> sourceProperty() {
    return source;
  }

  public IntegerProperty layerProperty() {
    return layer;
  }

  public ReadOnlyIntegerProperty layerCountProperty() {
    return layerCount.getReadOnlyProperty();
  }

  /** First snapshot of the window (index into the run's snapshots). */
  public IntegerProperty windowFromProperty() {
    return windowFrom;
  }

  /** Last snapshot of the window (inclusive). */
  public IntegerProperty windowToProperty() {
    return windowTo;
  }

  /** Slot-count snapshots the shown run holds. */
  public ReadOnlyIntegerProperty snapshotsProperty() {
    return snapshots.getReadOnlyProperty();
  }

  public BooleanProperty logScaleProperty() {
    return logScale;
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** "steps 100 to 2000 (20 snapshots)". */
  public ReadOnlyStringProperty windowTextProperty() {
    return windowText.getReadOnlyProperty();
  }

  public SlotFocus focus() {
    return focus;
  }
}
