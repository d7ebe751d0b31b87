package org.minimind.workbench.data.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The GPT-2 split used by Hugging Face's {@code ByteLevel} pre-tokenizer with {@code
 * use_regex=true} and {@code add_prefix_space=false}.
 *
 * <p>The split is defined by the regular expression {@link #GPT2_PATTERN}: contractions, an
 * optional space followed by a run of letters, of numbers or of other symbols, and whitespace runs
 * (a run followed by a non-space keeps its last character for the next piece, so {@code "a b"}
 * splits as {@code "a", " ", " b"}). This class implements the expression as a hand-written
 * scanner, which gives the same pieces as a backtracking regex engine but runs in one linear pass
 * with no allocation, also on very long runs of Chinese letters.
 *
 * <p>Character classes follow Unicode as Oniguruma sees it: {@code \p{L}} is general category L,
 * {@code \p{N}} is N, and {@code \s} is the White_Space property. Categories come from the JDK's
 * Unicode tables, so characters assigned in a Unicode version newer than the JDK's count as
 * "other". Unpaired surrogates, including the byte escapes of {@link BpeTokenizer#encodeBytes},
 * count as "other" too, so an ill-formed byte joins a neighbouring punctuation run.
 */
public final class ByteLevelPreTokenizer {

  /**
   * The regular expression this class implements (GPT-2's, as in Hugging Face {@code ByteLevel}).
   */
  public static final String GPT2_PATTERN =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

  static final byte OTHER = 0;
  static final byte LETTER = 1;
  static final byte NUMBER = 2;
  static final byte SPACE = 3;

  private static final byte[] BMP_CLASS = new byte[65536];

  static {
    for (int c = 0; c < 65536; c++) {
      BMP_CLASS[c] = computeClass(c);
    }
  }

  /** Receives the pieces of a split as {@code [start, end)} character ranges. */
  @FunctionalInterface
  interface SpanSink {
    void accept(int start, int end);
  }

  private ByteLevelPreTokenizer() {}

  private static byte computeClass(int cp) {
    if (isWhiteSpace(cp)) {
      return SPACE;
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
        return LETTER;
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return NUMBER;
      default:
        return OTHER;
    }
  }

  /** Unicode's White_Space property (what Oniguruma's {@code \s} matches in UTF-8 mode). */
  static boolean isWhiteSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D)
        || cp == 0x20
        || cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** The split class of a code point: {@link #LETTER}, {@link #NUMBER}, {@link #SPACE} or other. */
  static byte classOf(int cp) {
    return cp < 65536 ? BMP_CLASS[cp] : computeClass(cp);
  }

  /** Splits {@code text} into pre-tokens; their concatenation is {@code text}. */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    split(text, 0, text.length(), (s, e) -> out.add(text.substring(s, e)));
    return Collections.unmodifiableList(out);
  }

  /** Splits {@code s[from, to)}, passing each piece's character range to {@code sink}. */
  static void split(String s, int from, int to, SpanSink sink) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      int end;
      if (c == '\'' && (end = contraction(s, i, to)) > 0) {
        sink.accept(i, end);
        i = end;
        continue;
      }
      if (c == ' ' && i + 1 < to) {
        int cp = s.codePointAt(i + 1);
        byte next = classOf(cp);
        if (next != SPACE) {
          end = run(s, i + 1, to, next);
          sink.accept(i, end);
          i = end;
          continue;
        }
      }
      int cp = c < 0xD800 ? c : s.codePointAt(i);
      byte cls = classOf(cp);
      if (cls != SPACE) {
        end = run(s, i, to, cls);
      } else {
        int j = i + 1;
        while (j < to && classOf(s.charAt(j)) == SPACE) {
          j++;
        }
        // \s+(?!\S): a run followed by a non-space gives its last character back, if it has two.
        end = (j < to && j - i >= 2) ? j - 1 : j;
      }
      sink.accept(i, end);
      i = end;
    }
  }

  private static int run(String s, int i, int to, byte cls) {
    while (i < to) {
      char c = s.charAt(i);
      if (c < 0xD800) {
        if (BMP_CLASS[c] != cls) {
          break;
        }
        i++;
      } else {
        int cp = s.codePointAt(i);
        if (classOf(cp) != cls) {
          break;
        }
        i += Character.charCount(cp);
      }
    }
    return i;
  }

  /** End of a contraction ('s 't 're 've 'm 'll 'd) at {@code i}, or -1. */
  private static int contraction(String s, int i, int to) {
    if (i + 1 >= to) {
      return -1;
    }
    char a = s.charAt(i + 1);
    if (a == 's' || a == 't' || a == 'm' || a == 'd') {
      return i + 2;
    }
    if (i + 2 < to) {
      char b = s.charAt(i + 2);
      if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
        return i + 3;
      }
    }
    return -1;
  }
}
