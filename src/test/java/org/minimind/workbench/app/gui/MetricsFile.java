package org.minimind.workbench.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code metrics.csv} read with nothing but {@code String.split}: what the views should show,
 * known without the workbench's own readers.
 */
final class MetricsFile {
  private final List<String> header;
  private final List<String[]> rows;

  private MetricsFile(List<String> header, List<String[]> rows) {
    this.header = header;
    this.rows = rows;
  }

  static MetricsFile read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    List<String[]> rows =
        lines.subList(1, lines.size()).stream()
            .filter(l -> !l.isBlank())
            .map(l -> l.split(",", -1))
            .toList();
    return new MetricsFile(header, rows);
  }

  int rows() {
    return rows.size();
  }

  /** The column's values, NaN where the cell is empty. */
  double[] column(String name) {
    int c = header.indexOf(name);
    if (c < 0) {
      throw new IllegalArgumentException("no column " + name + " in " + header);
    }
    double[] v = new double[rows.size()];
    for (int r = 0; r < v.length; r++) {
      String cell = rows.get(r)[c];
      v[r] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }
    return v;
  }

  /** The values that are present (not empty), in order. */
  double[] present(String name) {
    return Arrays.stream(column(name)).filter(x -> !Double.isNaN(x)).toArray();
  }
}
