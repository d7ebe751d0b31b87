package org.minimind.workbench.data.tokenizer;

import java.util.Arrays;

/**
 * Decodes ids that arrive one at a time, as during generation.
 *
 * <p>A byte-level token can end in the middle of a UTF-8 character (a Chinese character is three
 * bytes and may be split over two tokens). {@link #push} returns only text whose characters are
 * complete and keeps the trailing bytes of an unfinished character until the next ids complete it.
 * Bytes that can no longer form a character are emitted at once as U+FFFD. {@link #flush} returns
 * whatever is pending (an unfinished character becomes U+FFFD). The concatenation of all returned
 * pieces equals {@link BpeTokenizer#decode(int[], boolean)} of all ids.
 *
 * <p>Not thread-safe; use one instance per generated sequence.
 */
public final class StreamingDecoder {

  private final BpeTokenizer tokenizer;
  private final boolean skipSpecial;
  private byte[] pending = new byte[16];
  private int size;

  StreamingDecoder(BpeTokenizer tokenizer, boolean skipSpecial) {
    this.tokenizer = tokenizer;
    this.skipSpecial = skipSpecial;
  }

  /**
   * Adds one id and returns the text it completes (possibly empty).
   *
   * @throws IllegalArgumentException if the id is not in the vocabulary
   */
  public String push(int id) {
    byte[] b = tokenizer.bytesOf(id);
    if (skipSpecial && tokenizer.isSpecial(id)) {
      return "";
    }
    if (size + b.length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, size + b.length));
    }
    System.arraycopy(b, 0, pending, size, b.length);
    size += b.length;
    StringBuilder out = new StringBuilder();
    int stop = Utf8.decodeLossy(pending, 0, size, out, true);
    System.arraycopy(pending, stop, pending, 0, size - stop);
    size -= stop;
    return out.toString();
  }

  /** Adds several ids and returns the text they complete. */
  public String push(int... ids) {
    StringBuilder out = new StringBuilder();
    for (int id : ids) {
      out.append(push(id));
    }
    return out.toString();
  }

  /** Number of bytes held back because they start an unfinished character. */
  public int pendingBytes() {
    return size;
  }

  /** Returns the pending bytes as text (an unfinished character becomes U+FFFD) and resets. */
  public String flush() {
    StringBuilder out = new StringBuilder();
    Utf8.decodeLossy(pending, 0, size, out, false);
    size = 0;
    return out.toString();
  }
}
