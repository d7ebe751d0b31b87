package org.minimind.workbench.slots;

/**
 * One place where a layer selected a slot, from a {@link SlotIndex}.
 *
 * @param position the selecting token's position in the indexed token stream
 * @param score the slot's gate score there (softmax over the selected slots)
 * @param prefix the ids the model read to make that selection: the chunk from its start to the
 *     position, inclusive (running the model on it selects the slot at its last position)
 * @param window ids around the position for display, within the stream
 * @param windowIndex where the selecting token is in {@code window}
 */
public record SlotContext(int position, float score, int[] prefix, int[] window, int windowIndex) {

  /** The selecting token's id. */
  public int token() {
    return window[windowIndex];
  }
}
