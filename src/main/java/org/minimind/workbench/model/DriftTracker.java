package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keeps the previous memory bank and measures {@link MemoryDrift} against it, as the seed's {@code
 * prev_memory_bank} buffer does. Like the seed, every measurement also takes a new snapshot. The
 * seed's buffer starts at zeros, so its first call compares against zeros; training calls {@link
 * #snapshot} once before the first step instead.
 *
 * <p>Shapes: N slots, Q knowledge_dim.
 */
public final class DriftTracker implements AutoCloseable {
  private final NDManager manager;
  private NDArray previous; // (N, Q)

  public DriftTracker(NDArray bank) {
    this.manager = bank.getManager().newSubManager();
    this.previous = manager.zeros(bank.getShape(), bank.getDataType());
  }

  /** Remembers the bank's current values without measuring. */
  public void snapshot(NDArray bank) {
    NDArray copy = bank.duplicate(); // on the bank's device
    copy.attach(manager);
    previous.close();
    previous = copy;
  }

  /** Drift of {@code bank} since the last snapshot; then snapshots it. */
  public MemoryDrift measure(NDArray bank) {
    return measure(bank, null);
  }

  /**
   * Drift of {@code bank} since the last snapshot, and each slot's L2 change into {@code perSlot}
   * (length N) when it is not null; then snapshots the bank. One engine call, and one copy from the
   * device (two with {@code perSlot}).
   */
  public MemoryDrift measure(NDArray bank, float[] perSlot) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray[] r = Kernels.get().memoryDrift(bank, previous, MemoryDrift.THRESHOLD, scope);
      if (perSlot != null) {
        if (r[1].size() != perSlot.length) {
          throw new IllegalArgumentException(
              "per-slot buffer has " + perSlot.length + " entries for " + r[1].size() + " slots");
        }
        System.arraycopy(r[1].toFloatArray(), 0, perSlot, 0, perSlot.length);
      }
      double[] v = r[0].toDoubleArray(); // mean, max, cosine, updated
      long updated = (long) v[3];
      long slots = bank.getShape().get(0);
      return new MemoryDrift(v[0], v[1], v[2], (double) updated / slots, updated);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
