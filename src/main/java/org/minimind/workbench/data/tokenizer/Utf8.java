package org.minimind.workbench.data.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 helpers with well-defined behaviour on ill-formed input.
 *
 * <p>Three conventions are used by the tokenizer:
 *
 * <ul>
 *   <li><b>Lossy decoding</b> replaces each maximal ill-formed subpart with one U+FFFD (Unicode's
 *       recommended practice, and what Rust's {@code String::from_utf8_lossy} in Hugging Face's
 *       byte-level decoder does).
 *   <li><b>Escaped decoding</b> keeps every byte: a byte that is not part of a well-formed sequence
 *       becomes the lone low surrogate {@code U+DC00 + byte} (Python's "surrogateescape"). Such
 *       bytes are always {@code >= 0x80}, so the escapes are {@code U+DC80..U+DCFF}.
 *   <li><b>Sanitising</b> replaces unpaired surrogates in a Java string with U+FFFD, since they
 *       have no UTF-8 form.
 * </ul>
 */
final class Utf8 {

  static final char REPLACEMENT = '\uFFFD';

  private Utf8() {}

  /**
   * Length of the maximal prefix of a well-formed sequence starting at {@code i}; equals the full
   * sequence length when the sequence is complete and well-formed. Always at least 1.
   */
  static int prefixLength(byte[] b, int i, int end) {
    int b0 = b[i] & 0xFF;
    if (b0 < 0x80) {
      return 1;
    }
    int need;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 3;
      if (b0 == 0xE0) {
        lo = 0xA0;
      } else if (b0 == 0xED) {
        hi = 0x9F;
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 4;
      if (b0 == 0xF0) {
        lo = 0x90;
      } else if (b0 == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return 1;
    }
    int k = 1;
    while (k < need && i + k < end) {
      int bk = b[i + k] & 0xFF;
      int min = k == 1 ? lo : 0x80;
      int max = k == 1 ? hi : 0xBF;
      if (bk < min || bk > max) {
        break;
      }
      k++;
    }
    return k;
  }

  /** Full length of the sequence announced by a lead byte that {@link #prefixLength} accepted. */
  static int sequenceLength(byte lead) {
    int b0 = lead & 0xFF;
    if (b0 < 0x80) {
      return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      return 2;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
      return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
      return 4;
    }
    return 1;
  }

  private static int decodeCodePoint(byte[] b, int i, int len) {
    switch (len) {
      case 1:
        return b[i] & 0x7F;
      case 2:
        return ((b[i] & 0x1F) << 6) | (b[i + 1] & 0x3F);
      case 3:
        return ((b[i] & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
      default:
        return ((b[i] & 0x07) << 18)
            | ((b[i + 1] & 0x3F) << 12)
            | ((b[i + 2] & 0x3F) << 6)
            | (b[i + 3] & 0x3F);
    }
  }

  /**
   * Appends the lossy decoding of {@code b[from, to)} to {@code out}. If {@code holdIncompleteTail}
   * is set, a well-formed but incomplete sequence touching {@code to} is not decoded; the return
   * value is then where decoding stopped (otherwise {@code to}).
   */
  static int decodeLossy(
      byte[] b, int from, int to, StringBuilder out, boolean holdIncompleteTail) {
    int i = from;
    while (i < to) {
      int b0 = b[i];
      if (b0 >= 0) {
        out.append((char) b0);
        i++;
        continue;
      }
      int k = prefixLength(b, i, to);
      int need = sequenceLength(b[i]);
      if (k == need && need > 1) {
        out.appendCodePoint(decodeCodePoint(b, i, k));
      } else if (holdIncompleteTail && need > 1 && i + k == to) {
        return i;
      } else {
        out.append(REPLACEMENT);
      }
      i += k;
    }
    return to;
  }

  /** Lossy decoding of a whole array. */
  static String decodeLossy(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    decodeLossy(b, 0, b.length, sb, false);
    return sb.toString();
  }

  /** Escaped decoding: well-formed sequences become characters, other bytes lone surrogates. */
  static String decodeEscaped(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    int i = 0;
    while (i < b.length) {
      int b0 = b[i];
      if (b0 >= 0) {
        sb.append((char) b0);
        i++;
        continue;
      }
      int k = prefixLength(b, i, b.length);
      if (k == sequenceLength(b[i]) && k > 1) {
        sb.appendCodePoint(decodeCodePoint(b, i, k));
        i += k;
      } else {
        sb.append((char) (0xDC00 | (b0 & 0xFF)));
        i++;
      }
    }
    return sb.toString();
  }

  /** True if {@code c} is the escape of a raw byte (see {@link #decodeEscaped}). */
  static boolean isByteEscape(char c) {
    return c >= 0xDC80 && c <= 0xDCFF;
  }

  /**
   * Writes the bytes of {@code s[from, to)} into {@code out} starting at 0 and returns the count;
   * {@code out} must hold {@code 3 * (to - from)} bytes. Byte escapes become their raw byte, other
   * unpaired surrogates U+FFFD.
   */
  static int encodeEscaped(String s, int from, int to, byte[] out) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | (c >> 6));
        out[n++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[n++] = (byte) (0xF0 | (cp >> 18));
        out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (cp & 0x3F));
      } else if (isByteEscape(c)) {
        out[n++] = (byte) (c & 0xFF);
      } else {
        int cp = Character.isSurrogate(c) ? REPLACEMENT : c;
        out[n++] = (byte) (0xE0 | (cp >> 12));
        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (cp & 0x3F));
      }
    }
    return n;
  }

  /**
   * Returns {@code s} with every unpaired surrogate replaced by U+FFFD (usually {@code s} itself).
   */
  static String sanitize(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return sanitizeFrom(s, i);
      }
    }
    return s;
  }

  private static String sanitizeFrom(String s, int first) {
    StringBuilder sb = new StringBuilder(s.length());
    sb.append(s, 0, first);
    int n = s.length();
    for (int i = first; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append(REPLACEMENT);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** UTF-8 bytes of a string without unpaired surrogates. */
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
