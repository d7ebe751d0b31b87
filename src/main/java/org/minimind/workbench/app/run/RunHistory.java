package org.minimind.workbench.app.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything recorded about one training run, column by column: the metrics of each logged step
 * (named as {@code metrics.csv}'s columns, see {@link MetricColumns}), the per-slot selection
 * counts snapshots and the latest per-slot drift.
 *
 * <p>One thread appends (the UI thread draining a live run, or the loader of a finished run before
 * it is shown); others read {@link #snapshot()}s concurrently without locks or copies. That keeps
 * a 100k-step run cheap to re-plot ten times a second from a background thread.
 */
public final class RunHistory {
  /** Slot-count snapshots kept for a live run; older ones are dropped (the heatmap's window). */
  public static final int MAX_SLOT_COUNT_RECORDS = 2_000;

  private final String name;
  private final Path directory;
  private final Map<String, GrowableColumn> columns = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final List<SlotCounts> slotCounts = new CopyOnWriteArrayList<>();
  private final AtomicLong version = new AtomicLong();
  private volatile int rows;
  private volatile int layers;
  private volatile SlotDrift latestDrift;

  /**
   * @param name how charts label this run
   * @param directory the run directory it was read from, or null for a live run
   */
  public RunHistory(String name, Path directory) {
    this.name = name;
    this.directory = directory;
    columns.put(MetricColumns.STEP, new GrowableColumn(1024));
    order.add(MetricColumns.STEP);
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
    Double step = row.get(MetricColumns.STEP);
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

  /** Adds a slot-count snapshot (dropping the oldest beyond {@link #MAX_SLOT_COUNT_RECORDS}). */
  public void addSlotCounts(SlotCounts counts) {
    slotCounts.add(counts);
    if (counts.layers() > layers) {
      layers = counts.layers();
    }
    while (slotCounts.size() > MAX_SLOT_COUNT_RECORDS) {
      slotCounts.remove(0);
    }
    version.incrementAndGet();
  }

  public void setLatestDrift(SlotDrift drift) {
    latestDrift = drift;
    version.incrementAndGet();
  }

  /** The per-slot drift of the latest interval, or null when none was recorded. */
  public SlotDrift latestDrift() {
    return latestDrift;
  }

  /** Slot-count snapshots in step order. */
  public List<SlotCounts> slotCounts() {
    return Collections.unmodifiableList(new ArrayList<>(slotCounts));
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
    return n == 0 ? 0 : (long) columns.get(MetricColumns.STEP).get(n - 1);
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
      return column(MetricColumns.STEP);
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
