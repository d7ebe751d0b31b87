package org.minimind.workbench.model;

import java.util.Locale;

/**
 * Settings of the token-based memory ({@link MemoryVariant#TOKEN}); ignored by the continuous one.
 * The seed's commit message for experiment 1.4.6 gives ema_decay 0.9 and ema_update_freq 5.
 *
 * @param knowledgeLength token ids per slot (L)
 * @param emaDecay weight of a slot's current content in its EMA update
 * @param emaUpdateFreq optimizer steps between EMA updates (the sparse cache's interval)
 * @param read how the L token embeddings of a slot become one knowledge vector
 */
public record TokenMemorySettings(
    int knowledgeLength, double emaDecay, int emaUpdateFreq, KnowledgeRead read) {

  /** Most token ids per slot: the bank holds knowledge_num x L ids, allocated at once. */
  public static final int MAX_KNOWLEDGE_LENGTH = 1024;

  public static final TokenMemorySettings DEFAULTS =
      new TokenMemorySettings(8, 0.9, 5, KnowledgeRead.MEAN);

  /** From L token embeddings (each D wide) to one knowledge vector (Q wide). */
  public enum KnowledgeRead {
    /** Mean over the L embeddings, then Linear(D, Q): order-blind, D x Q parameters. */
    MEAN,
    /** Linear(L * D, Q) over the concatenated embeddings: order-aware, L x D x Q parameters. */
    CONCAT;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static KnowledgeRead parse(String s) {
      for (KnowledgeRead r : values()) {
        if (r.key().equalsIgnoreCase(s.trim())) {
          return r;
        }
      }
      throw new IllegalArgumentException("knowledge_read '" + s + "' is not one of mean, concat");
    }
  }

  public TokenMemorySettings {
    if (knowledgeLength <= 0 || knowledgeLength > MAX_KNOWLEDGE_LENGTH) {
      throw new IllegalArgumentException(
          "knowledge_length ("
              + knowledgeLength
              + ") must be within [1, "
              + MAX_KNOWLEDGE_LENGTH
              + "]");
    }
    if (!(emaDecay >= 0 && emaDecay <= 1)) {
      throw new IllegalArgumentException("ema_decay (" + emaDecay + ") must be within [0, 1]");
    }
    if (emaUpdateFreq <= 0) {
      throw new IllegalArgumentException(
          "ema_update_freq (" + emaUpdateFreq + ") must be positive");
    }
    if (read == null) {
      throw new IllegalArgumentException("knowledge_read must be mean or concat");
    }
  }
}
