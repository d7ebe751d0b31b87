package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Keeps the previous memory bank and measures {@link MemoryDrift} against it, as the seed's
 * {@code prev_memory_bank} buffer does. Like the seed, every measurement also takes a new snapshot.
 * The seed's buffer starts at zeros, so its first call compares against zeros; training calls
 * {@link #snapshot} once before the first step instead.
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
   * Drift of {@code bank} since the last snapshot, and each slot's L2 change into {@code
   * perSlot} (length N) when it is not null; then snapshots the bank.
   */
  public MemoryDrift measure(NDArray bank, float[] perSlot) {
    MemoryDrift drift;
    try (NDManager scope = manager.newSubManager()) {
      NDArray now = bank.stopGradient();
      now.attach(scope);
      NDArray before = previous.stopGradient(); // a view in scope: temporaries die with it
      before.attach(scope);
      NDArray distance = now.sub(before).norm(new int[] {-1}); // (N)
      if (perSlot != null) {
        float[] d = distance.toFloatArray();
        if (d.length != perSlot.length) {
          throw new IllegalArgumentException(
              "per-slot buffer has " + perSlot.length + " entries for " + d.length + " slots");
        }
        System.arraycopy(d, 0, perSlot, 0, d.length);
      }
      double avg = distance.mean().getFloat();
      double max = distance.max().getFloat();
      long updated = distance.gt(MemoryDrift.THRESHOLD).toType(DataType.INT64, false).sum().getLong();
      double dot = now.mul(before).sum().getFloat();
      double n1 = now.square().sum().getFloat();
      double n2 = before.square().sum().getFloat();
      // torch.nn.functional.cosine_similarity: dot / max(||a|| * ||b||, eps)
      double cos = dot / Math.max(Math.sqrt(n1) * Math.sqrt(n2), 1e-8);
      long slots = bank.getShape().get(0);
      drift = new MemoryDrift(avg, max, cos, (double) updated / slots, updated);
    }
    snapshot(bank);
    return drift;
  }

  @Override
  public void close() {
    manager.close();
  }
}
