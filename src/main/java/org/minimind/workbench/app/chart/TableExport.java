package org.minimind.workbench.app.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Writes a metrics table as CSV with tablesaw. Missing values (NaN) become empty fields, as in a
 * run's own {@code metrics.csv}, so an export reads back with the same reader.
 */
public final class TableExport {
  private TableExport() {}

  /**
   * Builds a table of equally long columns, in the map's order.
   *
   * @param name the table's name
   * @param columns column name to values
   */
  public static Table table(String name, Map<String, double[]> columns) {
    return table(name, columns, Set.of());
  }

  /**
   * Builds a table of equally long columns, in the map's order; the columns named in {@code whole}
   * hold whole numbers (step, tokens) and are written without a decimal point.
   */
  public static Table table(String name, Map<String, double[]> columns, Set<String> whole) {
    Table table = Table.create(name);
    int rows = -1;
    for (Map.Entry<String, double[]> e : columns.entrySet()) {
      if (rows >= 0 && e.getValue().length != rows) {
        throw new IllegalArgumentException(
            "column " + e.getKey() + " has " + e.getValue().length + " rows, expected " + rows);
      }
      rows = e.getValue().length;
      if (whole.contains(e.getKey())) {
        LongColumn c = LongColumn.create(e.getKey());
        for (double v : e.getValue()) {
          if (Double.isNaN(v)) {
            c.appendMissing();
          } else {
            c.append(Math.round(v));
          }
        }
        table.addColumns(c);
      } else {
        table.addColumns(DoubleColumn.create(e.getKey(), e.getValue()));
      }
    }
    return table;
  }

  /** Writes {@code columns} to {@code file} as CSV; {@code whole} name whole-number columns. */
  public static Path writeCsv(
      String name, Map<String, double[]> columns, Path file, Set<String> whole) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    table(name, new LinkedHashMap<>(columns), whole).write().csv(file.toFile());
    return file;
  }
}
