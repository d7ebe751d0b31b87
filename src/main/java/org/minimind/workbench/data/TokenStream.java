package org.minimind.workbench.data;

/**
 * A read-only sequence of token ids, stored compactly (never as boxed integers): an {@link
 * IntArrayTokenStream} in memory or a memory-mapped {@link TokenFile}.
 */
public interface TokenStream {

  /** Number of tokens. */
  long size();

  /** The token at {@code index}, in {@code [0, size())}. */
  int get(long index);

  /** Copies {@code length} tokens from {@code from} into {@code dst} at {@code offset}. */
  default void copy(long from, int[] dst, int offset, int length) {
    checkRange(this, from, length);
    for (int i = 0; i < length; i++) {
      dst[offset + i] = get(from + i);
    }
  }

  /** Throws unless {@code [from, from + length)} lies inside the stream. */
  static void checkRange(TokenStream stream, long from, long length) {
    if (from < 0 || length < 0 || from + length > stream.size()) {
      throw new IndexOutOfBoundsException(
          "tokens [" + from + ", " + (from + length) + ") outside [0, " + stream.size() + ")");
    }
  }
}
