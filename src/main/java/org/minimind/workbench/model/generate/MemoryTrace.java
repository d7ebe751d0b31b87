package org.minimind.workbench.model.generate;

import java.util.List;

/**
 * What the memory read while the model processed the token at one position: per layer, the k
 * slots selected, best first, and their scores.
 *
 * @param position absolute position in the sequence (prompt and generated tokens, from 0)
 * @param layers one selection per block, in order
 */
public record MemoryTrace(int position, List<SlotSelection> layers) {
  public MemoryTrace {
    layers = List.copyOf(layers);
  }
}
