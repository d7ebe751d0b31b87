package org.minimind.workbench.data.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * GPT-2's reversible byte-to-character table, as used by the Hugging Face {@code ByteLevel}
 * pre-tokenizer and decoder.
 *
 * <p>Each of the 256 byte values is shown as one printable character: the printable Latin-1 bytes
 * {@code '!'..'~'}, {@code '¡'..'¬'} and {@code '®'..'ÿ'} stand for themselves, and the other 68
 * bytes (controls, space, soft hyphen, ...) are shifted to {@code U+0100} and up in byte order, so
 * the space byte becomes {@code 'Ġ'} and the newline {@code 'Ċ'}. A BPE vocabulary over these
 * characters is a vocabulary over bytes whose tokens are still readable strings in {@code
 * tokenizer.json}.
 */
public final class ByteLevel {

  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[512];
  private static final List<String> ALPHABET;

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int shifted = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      char c = printable ? (char) b : (char) (256 + shifted++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
    List<String> alphabet = new ArrayList<>(256);
    for (int c = 0; c < CHAR_TO_BYTE.length; c++) {
      if (CHAR_TO_BYTE[c] >= 0) {
        alphabet.add(String.valueOf((char) c));
      }
    }
    ALPHABET = Collections.unmodifiableList(alphabet);
  }

  private ByteLevel() {}

  /** The character that stands for byte {@code b} (only the low 8 bits are used). */
  public static char byteToChar(int b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  /** The byte that character {@code c} stands for, or -1 if it is not one of the 256. */
  public static int charToByte(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  /**
   * The 256 byte characters sorted by code point: the order in which the Hugging Face trainer adds
   * {@code ByteLevel.alphabet()} to a new vocabulary (so {@code '!'} comes first).
   */
  public static List<String> alphabet() {
    return ALPHABET;
  }

  /** Shows bytes {@code [from, to)} as byte-level characters. */
  public static String toChars(byte[] bytes, int from, int to) {
    char[] out = new char[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(out);
  }

  /** Shows all of {@code bytes} as byte-level characters. */
  public static String toChars(byte[] bytes) {
    return toChars(bytes, 0, bytes.length);
  }

  /**
   * The bytes a byte-level string stands for, or {@code null} if some character is not one of the
   * 256 (Hugging Face's decoder then falls back to the string's UTF-8 bytes).
   */
  public static byte[] toBytesOrNull(String chars) {
    byte[] out = new byte[chars.length()];
    for (int i = 0; i < out.length; i++) {
      int b = charToByte(chars.charAt(i));
      if (b < 0) {
        return null;
      }
      out[i] = (byte) b;
    }
    return out;
  }
}
