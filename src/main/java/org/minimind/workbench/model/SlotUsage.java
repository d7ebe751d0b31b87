package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The slot usage of every layer in one forward pass, computed on the model's device by {@link
 * Kernels#slotUsage} and copied to the host only when asked for: the statistics (a few numbers per
 * layer) on first use, the per-slot counts (N per layer) only by {@link #countsOnHost}. A training
 * step thus reads its statistics once, after the whole step has been queued.
 *
 * <p>The arrays live in the manager of the pass that made them; read them before it closes, or
 * {@link #keepIn keep them} longer.
 *
 * <p>Shapes: L layers, N slots.
 */
public final class SlotUsage {
  private final NDArray stats; // (L, 9) float64: the 8 seed stats and the balance loss
  private final NDArray counts; // (L, N) int32
  private final long selectionsPerLayer;
  private List<MemoryUsage> layers;

  SlotUsage(NDArray stats, NDArray counts, long selectionsPerLayer) {
    this.stats = stats;
    this.counts = counts;
    this.selectionsPerLayer = selectionsPerLayer;
  }

  /** Each layer's statistics (copied from the device on the first call). */
  public synchronized List<MemoryUsage> layers() {
    if (layers == null) {
      double[] v = stats.toDoubleArray();
      int width = (int) stats.getShape().get(1);
      List<MemoryUsage> out = new ArrayList<>();
      for (int l = 0; l < v.length / width; l++) {
        int o = l * width;
        out.add(
            new MemoryUsage(
                selectionsPerLayer,
                v[o],
                v[o + 1],
                v[o + 2],
                (long) v[o + 3],
                (long) v[o + 4],
                v[o + 5],
                v[o + 6],
                v[o + 7],
                v[o + 8]));
      }
      layers = Collections.unmodifiableList(out);
    }
    return layers;
  }

  public MemoryUsage layer(int i) {
    return layers().get(i);
  }

  /** The seed's {@code aux_loss}: the sum over layers of the balance loss. */
  public double balanceLoss() {
    double sum = 0;
    for (MemoryUsage u : layers()) {
      sum += u.balanceLoss();
    }
    return sum;
  }

  /** Selections per slot, [layer][slot] (one copy from the device). */
  public synchronized int[][] countsOnHost() {
    int l = (int) counts.getShape().get(0);
    int n = (int) counts.getShape().get(1);
    int[] flat = counts.toIntArray();
    int[][] out = new int[l][n];
    for (int i = 0; i < l; i++) {
      System.arraycopy(flat, i * n, out[i], 0, n);
    }
    return out;
  }

  /** Moves the statistics and counts into {@code manager}, so that they outlive the pass. */
  public synchronized void keepIn(NDManager manager) {
    stats.attach(manager);
    counts.attach(manager);
  }

  /** Moves the per-slot counts into {@code manager}, so that they outlive the pass. */
  public synchronized void keepCountsIn(NDManager manager) {
    counts.attach(manager);
  }

  /** Frees the per-slot counts now (after {@link #keepCountsIn}). */
  public synchronized void closeCounts() {
    counts.close();
  }
}
