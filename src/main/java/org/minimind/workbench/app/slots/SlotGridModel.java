package org.minimind.workbench.app.slots;

import io.fair_acc.dataset.spi.DoubleDataSet;
import io.fair_acc.dataset.spi.DoubleGridDataSet;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.minimind.workbench.app.TaskExecutor;

/**
 * The data behind one slot-grid heatmap, toolkit-free: selection counts laid out on the sqrt(N) x
 * sqrt(N) product-key grid (x = column = second sub-key, y = row = first sub-key, so slot {@code
 * row * side + column}), the colour range, and highlighted slots drawn on top.
 *
 * <p>With the log scale, slots never selected are drawn at half a selection: below the colour bar's
 * first decade, in the "unused" colour. {@link #update} may run on any thread; the datasets are
 * written under their write locks. Each update shown is announced on the UI thread by {@link
 * #updatesProperty()} (the chart redraws on it), after the highlight is laid out again on the new
 * grid. The highlight, hovering and choosing a slot happen on the UI thread.
 *
 * <p>A click on a cell is reported as a {@link SlotRef} (the layer shown, the slot) to the one
 * listener given by {@link #setOnSlotChosen}.
 */
public final class SlotGridModel {
  /** Where zero counts sit on a log scale. */
  public static final double ZERO_ON_LOG = 0.5;

  private final DoubleGridDataSet grid = new DoubleGridDataSet("selections", 3, new int[] {1, 1});
  private final DoubleDataSet highlight = new DoubleDataSet("highlighted slots");
  private final ReadOnlyIntegerWrapper highlightCount =
      new ReadOnlyIntegerWrapper(this, "highlightCount");
  private volatile int side;
  private volatile int[] counts = new int[0];
  private volatile long total;
  private volatile boolean logScale;
  private volatile double zMin = 0;
  private volatile double zMax = 1;
  private volatile int layer;
  private final ReadOnlyLongWrapper updates = new ReadOnlyLongWrapper(this, "updates");
  private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
  private final AtomicLong requested = new AtomicLong();
  private int[] highlighted = new int[0];
  private IntFunction<String> slotDetails = slot -> "";
  private Consumer<SlotRef> onSlotChosen = slot -> {};

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

  /** The layer whose counts are shown. */
  public int layer() {
    return layer;
  }

  /**
   * Lays the counts of {@code layer} out on the grid and announces them. UI thread, for counts at
   * hand; see {@link #showInBackground} for counts that take work.
   */
  public void show(int layer, int[] slotCounts, boolean log) {
    requested.incrementAndGet(); // supersedes any update still running in the background
    update(layer, slotCounts, log);
    shown();
  }

  /**
   * Computes the counts of {@code layer} and lays them out on a worker, then, on the UI thread,
   * announces them and runs {@code onShown}. A later request supersedes this one: its counts are
   * neither laid out nor announced once a newer one was made.
   *
   * @param name what is drawn, for logs and thread names
   */
  public void showInBackground(
      TaskExecutor executor,
      String name,
      int layer,
      Supplier<int[]> counts,
      boolean log,
      Runnable onShown,
      Consumer<? super Throwable> onError) {
    long ticket = requested.incrementAndGet();
    executor.execute(
        name,
        () -> {
          int[] c = counts.get();
          synchronized (this) {
            if (ticket == requested.get()) {
              update(layer, c, log);
            }
          }
          return null;
        },
        x -> {
          if (ticket == requested.get()) {
            shown();
            onShown.run();
          }
        },
        onError::accept);
  }

  /** Lays the highlight out on the new grid and announces the update. UI thread. */
  private void shown() {
    setHighlight(highlighted);
    updates.set(updates.get() + 1);
  }

  /** Counts the updates shown, each announced on the UI thread once laid out. */
  public ReadOnlyLongProperty updatesProperty() {
    return updates.getReadOnlyProperty();
  }

  /**
   * Lays {@code slotCounts} of {@code layer} (length side^2) out on the grid, without announcing it
   * (any thread).
   */
  public void update(int layer, int[] slotCounts, boolean log) {
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
    this.layer = layer;
    this.total = sum;
    this.side = s;
    this.logScale = log;
    this.zMin = log ? ZERO_ON_LOG : 0;
    this.zMax = Math.max(1, max);
    grid.lock()
        .writeLockGuard(
            () -> {
              grid.set(false, new double[][] {axis, axis}, z);
              // the renderer places the image by the dataset's own limits; axes here never
              // auto-range
              grid.recomputeLimits();
            });
  }

  /** How many slots are marked (0: the highlight layer is off). UI thread. */
  public ReadOnlyIntegerProperty highlightCountProperty() {
    return highlightCount.getReadOnlyProperty();
  }

  /**
   * Marks {@code slots} on the grid (empty to clear); they are marked again after each update. UI
   * thread.
   */
  public void setHighlight(int[] slots) {
    highlighted = slots.clone();
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

  /**
   * Describes the cell under grid coordinates (x = column, y = row), with the slot's details if any
   * ({@link #setSlotDetails}), and shows it as {@link #hoverTextProperty()}; empty outside the
   * grid. UI thread.
   */
  public String hover(double x, double y) {
    int slot = slotAt(x, y);
    String text = slot < 0 ? "" : describe(slot) + slotDetails.apply(slot);
    hoverText.set(text);
    return text;
  }

  /** The hovered cell's description (empty for none). */
  public ReadOnlyStringProperty hoverTextProperty() {
    return hoverText.getReadOnlyProperty();
  }

  /** What the hover text adds after a slot's counts (for example what the slot holds). */
  public void setSlotDetails(IntFunction<String> details) {
    slotDetails = Objects.requireNonNull(details, "details");
  }

  /**
   * Reports the slot under grid coordinates (x = column, y = row) of the layer shown to the
   * listener of {@link #setOnSlotChosen}, as a click on its cell does. UI thread.
   *
   * @return the slot chosen, or null outside the grid (nothing is reported)
   */
  public SlotRef choose(double x, double y) {
    int slot = slotAt(x, y);
    if (slot < 0) {
      return null;
    }
    SlotRef ref = new SlotRef(layer, slot);
    onSlotChosen.accept(ref);
    return ref;
  }

  /** The one listener told which slot a click chose (replacing any before it). */
  public void setOnSlotChosen(Consumer<SlotRef> listener) {
    onSlotChosen = Objects.requireNonNull(listener, "listener");
  }
}
