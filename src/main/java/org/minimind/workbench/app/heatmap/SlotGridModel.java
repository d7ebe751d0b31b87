package org.minimind.workbench.app.heatmap;

import io.fair_acc.dataset.spi.DoubleDataSet;
import io.fair_acc.dataset.spi.DoubleGridDataSet;
import java.util.Locale;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * The data behind one slot-grid heatmap, toolkit-free: selection counts laid out on the
 * sqrt(N) x sqrt(N) product-key grid (x = column = second sub-key, y = row = first sub-key, so
 * slot {@code row * side + column}), the colour range, and highlighted slots drawn on top.
 *
 * <p>With the log scale, slots never selected are drawn at half a selection: below the colour
 * bar's first decade, in the "unused" colour. {@link #update} may run on any thread; the datasets
 * are written under their write locks. The highlight is set on the UI thread.
 */
public final class SlotGridModel {
  /** Where zero counts sit on a log scale. */
  static final double ZERO_ON_LOG = 0.5;

  private final DoubleGridDataSet grid = new DoubleGridDataSet("selections", 3, new int[] {1, 1});
  private final DoubleDataSet highlight = new DoubleDataSet("highlighted slots");
  private final ReadOnlyIntegerWrapper highlightCount = new ReadOnlyIntegerWrapper(this, "highlightCount");
  private volatile int side;
  private volatile int[] counts = new int[0];
  private volatile long total;
  private volatile boolean logScale;
  private volatile double zMin = 0;
  private volatile double zMax = 1;

  public DoubleGridDataSet grid() {
    return grid;
  }

  public DoubleDataSet highlight() {
    return highlight;
  }

  /** Side of the grid, sqrt(N); 0 before the first update. */
  public int side() {
    return side;
  }

  public boolean logScale() {
    return logScale;
  }

  /** Bottom of the colour range (0, or {@link #ZERO_ON_LOG} on the log scale). */
  public double zMin() {
    return zMin;
  }

  /** Top of the colour range: the largest count (at least 1). */
  public double zMax() {
    return zMax;
  }

  /** Total selections on the grid. */
  public long total() {
    return total;
  }

  /** The counts shown, by slot id (a copy). */
  public int[] counts() {
    return counts.clone();
  }

  /** Lays {@code slotCounts} (length side^2) out on the grid. */
  public void update(int[] slotCounts, boolean log) {
    int n = slotCounts.length;
    int s = (int) Math.round(Math.sqrt(n));
    if (s * s != n || n == 0) {
      throw new IllegalArgumentException("slot counts (" + n + ") must fill a square grid");
    }
    // The renderer stretches the image from the first to the last grid value; spreading them
    // over [-0.5, side - 0.5] centres cell i on coordinate i (as the highlights and ticks are).
    double[] axis = new double[s];
    for (int i = 0; i < s; i++) {
      axis[i] = s == 1 ? 0 : -0.5 + i * (double) s / (s - 1);
    }
    double[] z = new double[n];
    long sum = 0;
    int max = 0;
    for (int slot = 0; slot < n; slot++) {
      int c = slotCounts[slot];
      sum += c;
      max = Math.max(max, c);
      // row-major, (0, 0) first: z[row * side + column] is slot row * side + column
      z[slot] = log && c == 0 ? ZERO_ON_LOG : c;
    }
    this.counts = slotCounts.clone();
    this.total = sum;
    this.side = s;
    this.logScale = log;
    this.zMin = log ? ZERO_ON_LOG : 0;
    this.zMax = Math.max(1, max);
    grid.lock().writeLockGuard(() -> {
      grid.set(false, new double[][] {axis, axis}, z);
      // the renderer places the image by the dataset's own limits; axes here never auto-range
      grid.recomputeLimits();
    });
  }

  /** How many slots are marked (0: the highlight layer is off). UI thread. */
  public ReadOnlyIntegerProperty highlightCountProperty() {
    return highlightCount.getReadOnlyProperty();
  }

  /** Marks {@code slots} on the grid (empty to clear). UI thread. */
  public void setHighlight(int[] slots) {
    int s = side;
    double[] x = new double[slots.length];
    double[] y = new double[slots.length];
    int k = 0;
    for (int slot : slots) {
      if (s > 0 && slot >= 0 && slot < s * s) {
        x[k] = slot % s;
        y[k] = slot / s;
        k++;
      }
    }
    int count = k;
    if (count > 0) {
      highlight.lock().writeLockGuard(() -> highlight.set(x, y, count, true));
    }
    highlightCount.set(count);
  }

  /** The slot under grid coordinates (x = column, y = row), or -1 outside the grid. */
  public int slotAt(double x, double y) {
    int s = side;
    int column = (int) Math.round(x);
    int row = (int) Math.round(y);
    if (s == 0 || column < 0 || row < 0 || column >= s || row >= s) {
      return -1;
    }
    return row * s + column;
  }

  /** "slot 1234 (row 19, column 18): 37 selections, 0.45% of 8192". */
  public String describe(int slot) {
    int s = side;
    int[] c = counts;
    if (slot < 0 || slot >= c.length) {
      return "";
    }
    long t = total;
    double share = t == 0 ? 0 : 100.0 * c[slot] / t;
    return String.format(
        Locale.ROOT,
        "slot %d (row %d, column %d): %d selection%s, %.2f%% of %d",
        slot,
        slot / s,
        slot % s,
        c[slot],
        c[slot] == 1 ? "" : "s",
        share,
        t);
  }
}
