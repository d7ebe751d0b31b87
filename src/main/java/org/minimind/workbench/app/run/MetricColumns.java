package org.minimind.workbench.app.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.train.StepMetrics;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How the workbench names a run's metrics: exactly as {@code metrics.csv}'s columns ({@link
 * MetricsColumns}), so that the live trainer's {@link StepMetrics} (converted through the same
 * {@link MetricsCsv} table the run writer uses) and a run directory's file land in the same named
 * columns and one view-model plots both. Missing values are NaN.
 */
public final class MetricColumns {
  /** Per-layer statistics, under the seed's stat names: column {@code layer_{i}_{stat}}. */
  public static final String GINI = "gini_coefficient";

  public static final String KL = "kl_divergence";
  public static final String COVERAGE = "coverage_rate";
  public static final String HOT = "hot_memories";
  public static final String DEAD = "dead_memories";
  public static final String SELECTION_VARIANCE = "selection_variance";

  private MetricColumns() {}

  /** The layer index of a {@code layer_{i}_...} column, or -1. */
  public static int layerOf(String column) {
    if (!column.startsWith("layer_")) {
      return -1;
    }
    int end = column.indexOf('_', 6);
    if (end < 0) {
      return -1;
    }
    try {
      return Integer.parseInt(column.substring(6, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One logged step as named values, in {@code metrics.csv}'s column order. */
  public static Map<String, Double> row(StepMetrics m) {
    Table t = MetricsCsv.toTable(List.of(m), m.layers() == null ? 0 : m.layers().size());
    Map<String, Double> row = new LinkedHashMap<>();
    for (Column<?> c : t.columns()) {
      row.put(c.name(), value(c, 0));
    }
    return row;
  }

  /** Appends every row of a {@code metrics.csv} table to {@code history}. */
  public static void appendTable(RunHistory history, Table table) {
    List<String> names = new ArrayList<>(table.columnNames());
    List<double[]> values = new ArrayList<>();
    for (String name : names) {
      Column<?> c = table.column(name);
      double[] v = new double[table.rowCount()];
      for (int i = 0; i < v.length; i++) {
        v[i] = value(c, i);
      }
      values.add(v);
    }
    history.appendRows(names, values, table.rowCount());
  }

  private static double value(Column<?> c, int row) {
    if (c.isMissing(row)) {
      return Double.NaN;
    }
    return c instanceof NumericColumn<?> n ? n.getDouble(row) : Double.NaN;
  }
}
