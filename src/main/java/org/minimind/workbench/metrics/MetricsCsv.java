package org.minimind.workbench.metrics;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.minimind.workbench.model.MemoryDrift;
import org.minimind.workbench.model.MemoryUsage;
import org.minimind.workbench.model.io.AtomicFiles;
import org.minimind.workbench.train.LayerStats;
import org.minimind.workbench.train.ParameterGroup;
import org.minimind.workbench.train.StepMetrics;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * {@code metrics.csv}: one row per logged training step (columns in {@link MetricsColumns}),
 * written and read with tablesaw. Rows are appended as training goes, so a run can be followed
 * while it writes; {@link #truncateAfter} drops the rows past a checkpoint when a run resumes.
 */
public final class MetricsCsv {
  private MetricsCsv() {}

  /** The metrics as a one-row-per-step table. */
  public static Table toTable(List<StepMetrics> rows, int layers) {
    List<String> names = MetricsColumns.all(layers);
    Table t = Table.create("metrics");
    for (String n : names) {
      if (n.equals(MetricsColumns.STEP) || n.equals(MetricsColumns.TOKENS)) {
        t.addColumns(LongColumn.create(n));
      } else {
        t.addColumns(DoubleColumn.create(n));
      }
    }
    for (StepMetrics m : rows) {
      t.longColumn(MetricsColumns.STEP).append(m.step());
      t.longColumn(MetricsColumns.TOKENS).append(m.tokensSeen());
      put(t, MetricsColumns.LOSS, m.loss());
      put(t, MetricsColumns.CE, m.ce());
      put(t, MetricsColumns.AUX, m.aux());
      put(t, MetricsColumns.LR, m.lr());
      put(t, MetricsColumns.TOKENS_PER_S, m.tokensPerSecond());
      put(t, MetricsColumns.GRAD_NORM, m.gradNorm());
      put(t, MetricsColumns.VAL_LOSS, m.valLoss());
      MemoryDrift d = m.drift();
      put(t, MetricsColumns.AVG_L2, d.avgL2Change());
      put(t, MetricsColumns.MAX_L2, d.maxL2Change());
      put(t, MetricsColumns.COSINE, d.cosineSimilarity());
      put(t, MetricsColumns.UPDATE_RATE, d.updateRate());
      put(t, MetricsColumns.TOKEN_CHANGE_RATE, d.tokenChangeRate());
      for (ParameterGroup g : ParameterGroup.values()) {
        Double norm = m.groupGradNorms().get(g);
        put(t, MetricsColumns.groupNorm(g), norm == null ? Double.NaN : norm);
      }
      for (int i = 0; i < layers; i++) {
        LayerStats s = i < m.layers().size() ? m.layers().get(i) : null;
        double[] v =
            s == null
                ? new double[8]
                : new double[] {
                  s.gini(),
                  s.kl(),
                  s.coverage(),
                  s.hot(),
                  s.dead(),
                  s.selectionVariance(),
                  s.maxSelections(),
                  s.minSelections()
                };
        for (int k = 0; k < MemoryUsage.STAT_NAMES.length; k++) {
          put(
              t,
              MetricsColumns.layerStat(i, MemoryUsage.STAT_NAMES[k]),
              s == null ? Double.NaN : v[k]);
        }
      }
      put(t, MetricsColumns.ELAPSED, m.elapsedSeconds());
    }
    return t;
  }

  private static void put(Table t, String column, double value) {
    t.doubleColumn(column).append(value);
  }

  /** Appends rows to {@code file}, writing the header first when the file is new or empty. */
  public static void append(Path file, List<StepMetrics> rows, int layers) throws IOException {
    boolean header = !Files.exists(file) || Files.size(file) == 0;
    StringWriter out = new StringWriter();
    toTable(rows, layers).write().usingOptions(CsvWriteOptions.builder(out).header(header).build());
    Files.writeString(
        file,
        out.toString(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  /** Writes a whole table (export), replacing the file atomically. */
  public static void write(Path file, Table table) throws IOException {
    StringWriter out = new StringWriter();
    table.write().usingOptions(CsvWriteOptions.builder(out).build());
    AtomicFiles.writeString(file, out.toString());
  }

  /**
   * Reads {@code metrics.csv} with explicit column types (step and tokens whole, the rest real).
   */
  public static Table readTable(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such metrics file");
    }
    List<String> header = header(file);
    ColumnType[] types = new ColumnType[header.size()];
    for (int i = 0; i < types.length; i++) {
      String n = header.get(i);
      types[i] =
          n.equals(MetricsColumns.STEP) || n.equals(MetricsColumns.TOKENS)
              ? ColumnType.LONG
              : ColumnType.DOUBLE;
    }
    try {
      return Table.read()
          .usingOptions(
              CsvReadOptions.builder(file.toFile()).columnTypes(types).tableName("metrics"));
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a metrics file (" + e.getMessage() + ")", e);
    }
  }

  /** Reads {@code metrics.csv} back into records (empty cells become NaN, or null norms). */
  public static List<StepMetrics> read(Path file) throws IOException {
    Table t = readTable(file);
    int layers = MetricsColumns.layersIn(t.columnNames());
    for (String required :
        List.of(MetricsColumns.STEP, MetricsColumns.LOSS, MetricsColumns.CE, MetricsColumns.LR)) {
      if (!t.columnNames().contains(required)) {
        throw new IOException(file + ": missing column '" + required + "'");
      }
    }
    List<StepMetrics> out = new ArrayList<>(t.rowCount());
    for (Row r : t) {
      List<LayerStats> stats = new ArrayList<>();
      for (int i = 0; i < layers; i++) {
        double[] v = new double[MemoryUsage.STAT_NAMES.length];
        for (int k = 0; k < v.length; k++) {
          v[k] = num(r, MetricsColumns.layerStat(i, MemoryUsage.STAT_NAMES[k]));
        }
        stats.add(new LayerStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
      }
      Map<ParameterGroup, Double> norms = new EnumMap<>(ParameterGroup.class);
      for (ParameterGroup g : ParameterGroup.values()) {
        double v = num(r, MetricsColumns.groupNorm(g));
        norms.put(g, Double.isNaN(v) ? null : v);
      }
      MemoryDrift drift =
          new MemoryDrift(
              num(r, MetricsColumns.AVG_L2),
              num(r, MetricsColumns.MAX_L2),
              num(r, MetricsColumns.COSINE),
              num(r, MetricsColumns.UPDATE_RATE),
              0,
              num(r, MetricsColumns.TOKEN_CHANGE_RATE));
      out.add(
          new StepMetrics(
              r.getLong(MetricsColumns.STEP),
              t.columnNames().contains(MetricsColumns.TOKENS)
                  ? r.getLong(MetricsColumns.TOKENS)
                  : 0,
              num(r, MetricsColumns.LOSS),
              num(r, MetricsColumns.CE),
              num(r, MetricsColumns.AUX),
              num(r, MetricsColumns.LR),
              num(r, MetricsColumns.TOKENS_PER_S),
              num(r, MetricsColumns.GRAD_NORM),
              stats,
              drift,
              norms,
              num(r, MetricsColumns.VAL_LOSS),
              num(r, MetricsColumns.ELAPSED)));
    }
    return out;
  }

  private static double num(Row r, String column) {
    if (!r.columnNames().contains(column)) {
      return Double.NaN;
    }
    double v = r.getDouble(column);
    return v;
  }

  private static List<String> header(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      String first =
          lines.findFirst().orElseThrow(() -> new IOException(file + ": empty metrics file"));
      return List.of(first.split(",", -1));
    }
  }

  /**
   * Keeps the header and the complete rows whose step is at most {@code step} (a resumed run
   * continues from its checkpoint; a row cut short by a crash is dropped). Atomic.
   */
  public static void truncateAfter(Path file, long step) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return;
    }
    String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    boolean lastComplete = content.endsWith("\n");
    int columns = lines.get(0).split(",", -1).length;
    List<String> kept = new ArrayList<>();
    kept.add(lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean complete = i < lines.size() - 1 || lastComplete;
      String[] cells = line.split(",", -1);
      if (!complete || cells.length != columns) {
        continue;
      }
      try {
        if (Long.parseLong(cells[0].trim()) <= step) {
          kept.add(line);
        }
      } catch (NumberFormatException e) {
        // a damaged row: drop it
      }
    }
    AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
  }
}
