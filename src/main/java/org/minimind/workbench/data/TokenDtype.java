package org.minimind.workbench.data;

/**
 * How a {@link TokenFile} stores one token: {@code uint16} halves the size and suffices for
 * vocabularies of at most 65,536 (MiniMind's is 6,400); {@code int32} takes any non-negative id.
 */
public enum TokenDtype {
  UINT16(2, 0xFFFF),
  INT32(4, Integer.MAX_VALUE);

  private final int bytes;
  private final int maxId;

  TokenDtype(int bytes, int maxId) {
    this.bytes = bytes;
    this.maxId = maxId;
  }

  /** Bytes per token. */
  public int bytes() {
    return bytes;
  }

  /** Largest storable token id. */
  public int maxId() {
    return maxId;
  }

  /** The type whose width is {@code bytes}, as stored in a token file's header. */
  static TokenDtype ofWidth(int bytes) {
    for (TokenDtype t : values()) {
      if (t.bytes == bytes) {
        return t;
      }
    }
    throw new IllegalArgumentException("token width (" + bytes + ") must be 2 or 4 bytes");
  }
}
