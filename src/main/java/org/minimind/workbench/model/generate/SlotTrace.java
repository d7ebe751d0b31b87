package org.minimind.workbench.model.generate;

import java.util.List;

/**
 * Which memory slots every token of a sequence read: per position, the token (id and text) and per
 * layer the k slots selected, best first, with their scores. {@link Generator#trace} makes one from
 * a single forward pass; the memory views draw from it.
 *
 * @param tokens one per position, in order from position 0
 * @param knowledgeNum N, the slots in the memory bank
 * @param truncated whether the ids were cut at the model's max_seq_len to fit one pass
 */
public record SlotTrace(List<PromptToken> tokens, int knowledgeNum, boolean truncated) {
  public SlotTrace {
    tokens = List.copyOf(tokens);
  }

  /** Positions traced. */
  public int length() {
    return tokens.size();
  }

  /** Layers of the model (0 for an empty trace). */
  public int layerCount() {
    return tokens.isEmpty() ? 0 : tokens.get(0).memory().layers().size();
  }

  /** Slots each token selects per layer (num_selected; 0 for an empty trace). */
  public int slotsPerToken() {
    return layerCount() == 0 ? 0 : tokens.get(0).memory().layers().get(0).slots().length;
  }

  public PromptToken token(int position) {
    return tokens.get(position);
  }

  /** The token ids, in order. */
  public int[] ids() {
    return tokens.stream().mapToInt(PromptToken::id).toArray();
  }

  /** What {@code layer} chose for the token at {@code position}. */
  public SlotSelection selection(int position, int layer) {
    return tokens.get(position).memory().layers().get(layer);
  }

  /** How often {@code layer} selected each of the N slots over the sequence (length N). */
  public int[] counts(int layer) {
    int[] counts = new int[knowledgeNum];
    for (PromptToken t : tokens) {
      for (int s : t.memory().layers().get(layer).slots()) {
        counts[s]++;
      }
    }
    return counts;
  }
}
