package org.minimind.workbench.model.generate;

import java.util.Arrays;

/**
 * The memory slots one layer's gate chose for one position: {@code LayerTrace.memoryIndices()} and
 * {@code memoryScores()} of that position. The arrays are not copied; treat them as read-only.
 *
 * @param slots (k) slot indices into the memory bank, best first
 * @param scores (k) their softmax scores
 */
public record SlotSelection(int[] slots, float[] scores) {
  public SlotSelection {
    if (slots.length != scores.length) {
      throw new IllegalArgumentException(slots.length + " slots but " + scores.length + " scores");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotSelection s
        && Arrays.equals(slots, s.slots)
        && Arrays.equals(scores, s.scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(slots) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "SlotSelection[slots="
        + Arrays.toString(slots)
        + ", scores="
        + Arrays.toString(scores)
        + "]";
  }
}
