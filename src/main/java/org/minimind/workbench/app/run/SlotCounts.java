package org.minimind.workbench.app.run;

/**
 * Per-layer per-slot selection counts recorded at one training step ({@code slot_counts.bin}, or
 * the live trainer's {@code onSlotCounts}).
 *
 * @param step the training step
 * @param counts {@code counts[layer][slot]}
 */
public record SlotCounts(long step, int[][] counts) {
  public int layers() {
    return counts.length;
  }
}
