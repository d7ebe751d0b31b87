package org.minimind.workbench.app.dashboard;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One chart of the dashboard, toolkit-free: its title and axis label, the lines it shows and one
 * chartfx dataset per line. The list of datasets changes on the UI thread (the view's chart is
 * bound to it); the datasets' contents are filled from a background thread under their write lock.
 */
public final class MetricPanel {
  private final DashboardPanel kind;
  private final ObservableList<DataSet> datasets = FXCollections.observableArrayList();
  private final ObservableList<DataSet> rightDatasets = FXCollections.observableArrayList();
  private final Map<String, DoubleDataSet> byKey = new HashMap<>();
  private List<SeriesSpec> specs = List.of();
  private volatile double visibleMin = Double.NaN;
  private volatile double visibleMax = Double.NaN;

  MetricPanel(DashboardPanel kind) {
    this.kind = kind;
  }

  public DashboardPanel kind() {
    return kind;
  }

  public String title() {
    return kind.title();
  }

  public String yLabel() {
    return kind.yLabel();
  }

  /** The chart's datasets, one per line, in legend order. */
  public ObservableList<DataSet> datasets() {
    return datasets;
  }

  /** The datasets of the lines drawn against the right axis ({@link DashboardPanel#rightLabel}). */
  public ObservableList<DataSet> rightDatasets() {
    return rightDatasets;
  }

  /** The lines: those of {@link #datasets()}, then those of {@link #rightDatasets()}, in order. */
  public List<SeriesSpec> specs() {
    return specs;
  }

  /** The dataset of the line labelled {@code label} (on either axis), or null. */
  public DoubleDataSet dataset(String label) {
    for (List<DataSet> list : List.of(datasets, rightDatasets)) {
      for (DataSet d : list) {
        if (d.getName().equals(label)) {
          return (DoubleDataSet) d;
        }
      }
    }
    return null;
  }

  /**
   * Makes the panel show exactly {@code newSpecs}, keeping the datasets of lines that stay (no
   * flicker). UI thread.
   *
   * @return whether anything changed
   */
  boolean setSpecs(List<SeriesSpec> newSpecs) {
    if (newSpecs.equals(specs)) {
      return false;
    }
    List<DataSet> next = new ArrayList<>();
    List<DataSet> nextRight = new ArrayList<>();
    Map<String, DoubleDataSet> keep = new HashMap<>();
    for (SeriesSpec s : newSpecs) {
      DoubleDataSet d = byKey.get(s.key());
      if (d == null) {
        d = new DoubleDataSet(s.label());
      } else if (!d.getName().equals(s.label())) {
        d.setName(s.label());
      }
      if (!s.style().equals(d.getStyle())) { // a run compared or no longer: colours change
        d.setStyle(s.style());
      }
      keep.put(s.key(), d);
      (s.rightAxis() ? nextRight : next).add(d);
    }
    byKey.clear();
    byKey.putAll(keep);
    specs = List.copyOf(newSpecs);
    datasets.setAll(next);
    rightDatasets.setAll(nextRight);
    return true;
  }

  /**
   * The step range the chart shows when zoomed (its lines are then reduced within it), or NaN for
   * the whole run.
   */
  void setVisibleRange(double min, double max) {
    visibleMin = min;
    visibleMax = max;
  }

  double visibleMin() {
    return visibleMin;
  }

  double visibleMax() {
    return visibleMax;
  }

  /** The dataset of a line, by spec key. */
  DoubleDataSet datasetFor(SeriesSpec spec) {
    return byKey.get(spec.key());
  }
}
