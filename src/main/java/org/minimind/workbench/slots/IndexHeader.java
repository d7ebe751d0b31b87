package org.minimind.workbench.slots;

import java.util.Objects;

/**
 * What a slot index was built from and with: the model's memory shape, the pass's settings, the
 * checkpoint and the corpus.
 *
 * @param layers blocks of the model (each selects on its own)
 * @param knowledgeNum slots N = S x S
 * @param numSelected slots each token selects per layer, k
 * @param topK contexts kept per layer and slot, K
 * @param chunkLength tokens per sequence the model read; a context is its chunk's prefix
 * @param tokens tokens indexed
 * @param checkpoint the checkpoint's path as given
 * @param checkpointStep its training step, -1 when not known
 * @param checkpointFingerprint SHA-256 of its weights file, empty when not known
 * @param corpus what was read (see {@link IndexCorpus#name()})
 */
public record IndexHeader(
    int layers,
    int knowledgeNum,
    int numSelected,
    int topK,
    int chunkLength,
    long tokens,
    String checkpoint,
    long checkpointStep,
    String checkpointFingerprint,
    String corpus) {

  public IndexHeader {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(checkpointFingerprint, "checkpointFingerprint");
    Objects.requireNonNull(corpus, "corpus");
    if (layers < 1) {
      throw new IllegalArgumentException("layers (" + layers + ") must be at least 1");
    }
    int side = (int) Math.round(Math.sqrt(knowledgeNum));
    if (knowledgeNum < 1 || side * side != knowledgeNum) {
      throw new IllegalArgumentException(
          "knowledge_num (" + knowledgeNum + ") must be a positive perfect square");
    }
    if (numSelected < 1 || numSelected > knowledgeNum) {
      throw new IllegalArgumentException(
          "num_selected (" + numSelected + ") must be in 1.." + knowledgeNum);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("top-k (" + topK + ") must be at least 1");
    }
    if (chunkLength < 1) {
      throw new IllegalArgumentException("chunk length (" + chunkLength + ") must be at least 1");
    }
    if (tokens < 1 || tokens > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tokens (" + tokens + ") must be in 1.." + Integer.MAX_VALUE);
    }
  }

  /**
   * The side S of the slot grid: slot {@code id} sits at row {@code id / S}, column {@code id % S}.
   */
  public int gridSide() {
    return (int) Math.round(Math.sqrt(knowledgeNum));
  }
}
