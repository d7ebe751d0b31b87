package org.minimind.workbench.app.slots;

/**
 * Slots to mark on the heatmaps: those one token selected, in every layer.
 *
 * @param label what they belong to ("token 3 'the'")
 * @param slotsPerLayer {@code slotsPerLayer[layer]}: the slot ids
 */
public record SlotHighlight(String label, int[][] slotsPerLayer) {
  public static final SlotHighlight NONE = new SlotHighlight("", new int[0][]);

  /** The slots of {@code layer}, or none. */
  public int[] slots(int layer) {
    return layer >= 0 && layer < slotsPerLayer.length ? slotsPerLayer[layer] : new int[0];
  }
}
