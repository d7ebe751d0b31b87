package org.minimind.workbench.slots;

import java.util.List;

/**
 * What a slot index says about one slot of one layer.
 *
 * @param layer the block
 * @param id the slot, 0..N-1
 * @param row its grid row, {@code id / S}
 * @param column its grid column, {@code id % S}
 * @param count how often the layer selected it over the indexed tokens
 * @param share {@code count} over all the layer's selections (tokens x k)
 * @param rank its place in the layer by count, 1 = most selected (ties by id)
 * @param scoreSum its gate scores summed over those selections
 * @param maxScore its highest gate score, 0 when never selected
 * @param contexts its best contexts by score, best first (at most K)
 */
public record IndexedSlot(
    int layer,
    int id,
    int row,
    int column,
    int count,
    double share,
    int rank,
    double scoreSum,
    float maxScore,
    List<SlotContext> contexts) {

  /** The mean gate score when selected, NaN when never selected. */
  public double meanScore() {
    return count == 0 ? Double.NaN : scoreSum / count;
  }
}
