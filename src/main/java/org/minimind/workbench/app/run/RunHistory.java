package org.minimind.workbench.app.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.minimind.workbench.metrics.MetricsColumns;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;

/**
 * Everything recorded about one training run, column by column: the metrics of each logged step
 * (named as {@code metrics.csv}'s columns, see {@link MetricColumns}), the per-slot selection
 * counts snapshots and the latest per-slot drift.
 *
 * <p>One thread appends (the UI thread draining a live run, or the loader of a finished run before
 * it is shown); others read {@link #snapshot()}s concurrently without locks or copies. That keeps a
 * 100k-step run cheap to re-plot ten times a second from a background thread.
 */
public final class RunHistory {
  /** Counts kept in memory over all slot-count snapshots (32M ints: 128 MB). */
  public static final long MAX_COUNT_INTS = 32L << 20;

  private final String name;
  private final long maxCountInts;
  private final Path directory;
  private final Map<String, GrowableColumn> columns = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private volatile List<SlotCountsFile.Snapshot> slotCounts = List.of();
  private final AtomicLong version = new AtomicLong();
  private volatile int rows;
  private volatile int layers;
  private volatile SlotDriftFile.Latest latestDrift;

  /**
   * @param name how charts label this run
   * @param directory the run directory it was read from, or null for a live run
   */
  public RunHistory(String name, Path directory) {
    this(name, directory, MAX_COUNT_INTS);
  }

  /**
   * @param maxCountInts how many slot counts to keep in memory before merging snapshots
   */
  public RunHistory(String name, Path directory, long maxCountInts) {
    this.name = name;
    this.directory = directory;
    this.maxCountInts = maxCountInts;
    columns.put(MetricsColumns.STEP, new GrowableColumn(1024));
    order.add(MetricsColumns.STEP);
  }

  public String name() {
    return name;
  }

  /** The run directory, or null for a run trained in this window. */
  public Path directory() {
    return directory;
  }

  /**
   * Appends one logged step. Columns the row lacks get a missing value; columns seen for the first
   * time are missing for every earlier step.
   */
  public void append(Map<String, Double> row) {
    Double step = row.get(MetricsColumns.STEP);
    if (step == null || Double.isNaN(step)) {
      throw new IllegalArgumentException("a metrics row needs a step, got " + row.keySet());
    }
    int n = rows;
    for (Map.Entry<String, Double> e : row.entrySet()) {
      if (!columns.containsKey(e.getKey())) {
        columns.put(e.getKey(), GrowableColumn.missing(n, 1024));
        order.add(e.getKey());
        int layer = MetricColumns.layerOf(e.getKey());
        if (layer + 1 > layers) {
          layers = layer + 1;
        }
      }
    }
    for (String column : order) {
      Double v = row.get(column);
      columns.get(column).add(v == null ? Double.NaN : v);
    }
    rows = n + 1;
    version.incrementAndGet();
  }

  /**
   * Appends {@code rows} rows given column by column ({@code values.get(c)[row]}), e.g. a whole
   * {@code metrics.csv}. Same rules as {@link #append}.
   */
  public void appendRows(List<String> names, List<double[]> values, int rows) {
    if (!names.contains(MetricsColumns.STEP)) {
      throw new IllegalArgumentException("metrics rows need a step column, got " + names);
    }
    int n = this.rows;
    for (String name : names) {
      if (!columns.containsKey(name)) {
        columns.put(name, GrowableColumn.missing(n, 1024));
        order.add(name);
        int layer = MetricColumns.layerOf(name);
        if (layer + 1 > layers) {
          layers = layer + 1;
        }
      }
    }
    Map<String, double[]> byName = new java.util.HashMap<>();
    for (int c = 0; c < names.size(); c++) {
      byName.put(names.get(c), values.get(c));
    }
    for (int r = 0; r < rows; r++) {
      for (String column : order) {
        double[] v = byName.get(column);
        columns.get(column).add(v == null ? Double.NaN : v[r]);
      }
      this.rows = n + r + 1;
    }
    version.incrementAndGet();
  }

  /**
   * Adds a slot-count snapshot. The snapshots are dense ({@code layers x N} ints each), so their
   * total is capped (by default at {@link #MAX_COUNT_INTS}): past it, neighbouring snapshots are
   * summed pairwise (each then stands for two intervals, under the later step). Sums over a window
   * of steps stay exact; only the window's resolution coarsens.
   */
  public void addSlotCounts(SlotCountsFile.Snapshot counts) {
    List<SlotCountsFile.Snapshot> next = new ArrayList<>(slotCounts);
    next.add(counts);
    if (counts.counts().length > layers) {
      layers = counts.counts().length;
    }
    long perSnapshot = 0;
    for (int[] layer : counts.counts()) {
      perSnapshot += layer.length;
    }
    long max = Math.max(2, maxCountInts / Math.max(1, perSnapshot));
    if (next.size() > max) {
      List<SlotCountsFile.Snapshot> merged = new ArrayList<>();
      for (int i = 0; i < next.size(); i += 2) {
        SlotCountsFile.Snapshot a = next.get(i);
        merged.add(i + 1 < next.size() ? sum(a, next.get(i + 1)) : a);
      }
      next = merged;
    }
    slotCounts = List.copyOf(next);
    version.incrementAndGet();
  }

  private static SlotCountsFile.Snapshot sum(SlotCountsFile.Snapshot a, SlotCountsFile.Snapshot b) {
    int[][] out = new int[Math.max(a.counts().length, b.counts().length)][];
    for (int l = 0; l < out.length; l++) {
      int[] x = l < a.counts().length ? a.counts()[l] : new int[0];
      int[] y = l < b.counts().length ? b.counts()[l] : new int[0];
      int[] s = new int[Math.max(x.length, y.length)];
      for (int i = 0; i < s.length; i++) {
        s[i] = (i < x.length ? x[i] : 0) + (i < y.length ? y[i] : 0);
      }
      out[l] = s;
    }
    return new SlotCountsFile.Snapshot(Math.max(a.step(), b.step()), out);
  }

  public void setLatestDrift(SlotDriftFile.Latest drift) {
    latestDrift = drift;
    version.incrementAndGet();
  }

  /** The per-slot drift of the latest interval, or null when none was recorded. */
  public SlotDriftFile.Latest latestDrift() {
    return latestDrift;
  }

  /** Slot-count snapshots in step order. */
  public List<SlotCountsFile.Snapshot> slotCounts() {
    return slotCounts;
  }

  /** Logged steps so far. */
  public int rows() {
    return rows;
  }

  /** Layers seen in the per-layer columns or slot counts. */
  public int layerCount() {
    return layers;
  }

  /** Column names in first-seen order ({@code step} first). */
  public List<String> columnNames() {
    return List.copyOf(order);
  }

  /** Increases with every change; views re-plot when it moved. */
  public long version() {
    return version.get();
  }

  /** The last logged step, or 0. */
  public long lastStep() {
    int n = rows;
    return n == 0 ? 0 : (long) columns.get(MetricsColumns.STEP).get(n - 1);
  }

  /** A consistent view of the rows logged so far. */
  public Snapshot snapshot() {
    return new Snapshot(rows);
  }

  /** The first {@link #rows()} values of every column, as of when it was taken. */
  public final class Snapshot {
    private final int rows;

    private Snapshot(int rows) {
      this.rows = rows;
    }

    public int rows() {
      return rows;
    }

    public ColumnView steps() {
      return column(MetricsColumns.STEP);
    }

    /** A column's values, or an empty view when the run never logged it. */
    public ColumnView column(String name) {
      GrowableColumn c = columns.get(name);
      if (c == null) {
        return ColumnView.EMPTY;
      }
      ColumnView v = c.view();
      return new ColumnView(v.values(), Math.min(v.size(), rows));
    }

    public boolean has(String name) {
      return columns.containsKey(name);
    }
  }
}
