package org.minimind.workbench.data;

import java.util.Arrays;

/**
 * Tokens in one {@code int[]}: 4 bytes a token, up to about two billion tokens. Build it with a
 * {@link Builder}; for larger streams, or to share one between processes, use a {@link TokenFile}.
 */
public final class IntArrayTokenStream implements TokenStream {

  private final int[] tokens;
  private final int size;

  private IntArrayTokenStream(int[] tokens, int size) {
    this.tokens = tokens;
    this.size = size;
  }

  /** A stream over a copy of {@code tokens}. */
  public static IntArrayTokenStream of(int... tokens) {
    return new IntArrayTokenStream(tokens.clone(), tokens.length);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int get(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("token " + index + " outside [0, " + size + ")");
    }
    return tokens[(int) index];
  }

  @Override
  public void copy(long from, int[] dst, int offset, int length) {
    TokenStream.checkRange(this, from, length);
    System.arraycopy(tokens, (int) from, dst, offset, length);
  }

  /** A copy of the tokens. */
  public int[] toArray() {
    return Arrays.copyOf(tokens, size);
  }

  /** A growable buffer of tokens that becomes an {@link IntArrayTokenStream}. */
  public static final class Builder implements TokenSink {

    private static final int MAX = Integer.MAX_VALUE - 8;

    private int[] buf = new int[1 << 12];
    private int size;

    @Override
    public void write(int[] tokens, int offset, int length) {
      if (length < 0 || offset < 0 || offset + length > tokens.length) {
        throw new IndexOutOfBoundsException(
            "write of " + length + " tokens from " + offset + " of " + tokens.length);
      }
      if ((long) size + length > MAX) {
        throw new IllegalStateException(
            "more than " + MAX + " tokens do not fit in memory; write a TokenFile instead");
      }
      if (size + length > buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(MAX, Math.max(size + length, 2L * buf.length)));
      }
      System.arraycopy(tokens, offset, buf, size, length);
      size += length;
    }

    @Override
    public long size() {
      return size;
    }

    /** The tokens written so far, trimmed; the builder can go on being used. */
    public IntArrayTokenStream build() {
      return new IntArrayTokenStream(Arrays.copyOf(buf, size), size);
    }
  }
}
