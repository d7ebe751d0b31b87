package org.minimind.workbench.app.heatmap;

import java.util.List;

/**
 * What the memory did for one prompt: its tokens and, per layer, the slots each token selected
 * with their scores, and the selection counts over the whole prompt.
 *
 * @param prompt the text analysed (or the ids typed)
 * @param ids the token ids fed to the model
 * @param pieces each token as text
 * @param layers one entry per layer
 * @param truncated whether the prompt was cut at the model's max_seq_len
 */
public record PromptTrace(
    String prompt, int[] ids, String[] pieces, List<Layer> layers, boolean truncated) {

  /**
   * One layer's choices.
   *
   * @param slots {@code slots[t][j]}: the j-th slot token t selected, best first
   * @param scores {@code scores[t][j]}: its softmax score
   * @param counts selections per slot over the prompt (length N)
   */
  public record Layer(int[][] slots, float[][] scores, int[] counts) {}

  public int length() {
    return ids.length;
  }
}
