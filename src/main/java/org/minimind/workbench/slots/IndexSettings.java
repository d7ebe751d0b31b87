package org.minimind.workbench.slots;

/**
 * How a {@link SlotIndexBuilder} pass runs.
 *
 * @param topK contexts kept per layer and slot (the highest scores), at least 1
 * @param chunkLength tokens per sequence the model reads, 1..max_seq_len; 0 for the model's
 *     max_seq_len
 * @param batch sequences per engine call, at least 1
 * @param maxTokens tokens of the corpus to index at most, at least 1
 */
public record IndexSettings(int topK, int chunkLength, int batch, long maxTokens) {
  /** Contexts kept per slot unless told otherwise. */
  public static final int DEFAULT_TOP_K = 16;

  /** Sequences per engine call unless told otherwise. */
  public static final int DEFAULT_BATCH = 8;

  /** Tokens indexed unless told otherwise (capped at what the corpus has). */
  public static final long DEFAULT_MAX_TOKENS = 1_000_000;

  /** The defaults: 16 contexts per slot, the model's sequence length, 8 sequences, 1M tokens. */
  public static final IndexSettings DEFAULTS =
      new IndexSettings(DEFAULT_TOP_K, 0, DEFAULT_BATCH, DEFAULT_MAX_TOKENS);

  public IndexSettings {
    if (topK < 1) {
      throw new IllegalArgumentException("top-k (" + topK + ") must be at least 1");
    }
    if (chunkLength < 0) {
      throw new IllegalArgumentException("chunk length (" + chunkLength + ") must be >= 0");
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch (" + batch + ") must be at least 1");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("tokens (" + maxTokens + ") must be at least 1");
    }
  }

  public IndexSettings withTopK(int k) {
    return new IndexSettings(k, chunkLength, batch, maxTokens);
  }

  public IndexSettings withChunkLength(int length) {
    return new IndexSettings(topK, length, batch, maxTokens);
  }

  public IndexSettings withBatch(int b) {
    return new IndexSettings(topK, chunkLength, b, maxTokens);
  }

  public IndexSettings withMaxTokens(long n) {
    return new IndexSettings(topK, chunkLength, batch, n);
  }
}
