package org.minimind.workbench.data;

import java.util.Objects;

/**
 * A token stream seen as fixed-length training sequences of {@code seqLen + 1} tokens: a sequence's
 * inputs are its tokens {@code [0, seqLen)} and its targets {@code [1, seqLen + 1)}.
 *
 * <p>Sequence {@code i} covers stream tokens {@code [i * seqLen, i * seqLen + seqLen + 1)}:
 * consecutive sequences share one token, the last target of one being the first input of the next,
 * so every next-token pair of the stream is a target exactly once. A stream of {@code n} tokens
 * makes {@code floor((n - 1) / seqLen)} sequences; the leftover tail (fewer than {@code seqLen}
 * pairs) is not used. Sequences cross document boundaries freely, which packing marks with {@code
 * </s> <s>}.
 */
public final class PackedSequences {

  private final TokenStream tokens;
  private final int seqLen;
  private final long count;

  /**
   * @param tokens the packed stream
   * @param seqLen tokens the model sees per sequence, at least 1
   */
  public PackedSequences(TokenStream tokens, int seqLen) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    if (seqLen < 1) {
      throw new IllegalArgumentException("seqLen (" + seqLen + ") must be >= 1");
    }
    this.seqLen = seqLen;
    this.count = count(tokens.size(), seqLen);
  }

  /** Sequences of {@code seqLen + 1} tokens that a stream of {@code tokens} tokens makes. */
  public static long count(long tokens, int seqLen) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens (" + tokens + ") must be >= 0");
    }
    if (seqLen < 1) {
      throw new IllegalArgumentException("seqLen (" + seqLen + ") must be >= 1");
    }
    return tokens == 0 ? 0 : (tokens - 1) / seqLen;
  }

  public TokenStream tokens() {
    return tokens;
  }

  public int seqLen() {
    return seqLen;
  }

  /** Number of sequences. */
  public long size() {
    return count;
  }

  /** The {@code seqLen + 1} tokens of sequence {@code i}. */
  public int[] sequence(long i) {
    int[] out = new int[seqLen + 1];
    tokens.copy(start(i), out, 0, seqLen + 1);
    return out;
  }

  /**
   * Writes sequence {@code i}'s inputs to {@code inputs} and its targets to {@code targets}, each
   * {@code seqLen} values from {@code offset}.
   */
  public void copyTo(long i, long[] inputs, long[] targets, int offset) {
    int[] seq = sequence(i);
    for (int k = 0; k < seqLen; k++) {
      inputs[offset + k] = seq[k];
      targets[offset + k] = seq[k + 1];
    }
  }

  private long start(long i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("sequence " + i + " outside [0, " + count + ")");
    }
    return i * seqLen;
  }
}
