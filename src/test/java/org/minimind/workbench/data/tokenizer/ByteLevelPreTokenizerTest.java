package org.minimind.workbench.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ByteLevelPreTokenizerTest {

  /** The GPT-2 expression run by java.util.regex, with Unicode classes as in Oniguruma. */
  private static final Pattern REGEX =
      Pattern.compile(ByteLevelPreTokenizer.GPT2_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

  private static List<String> regexSplit(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = REGEX.matcher(s);
    int last = 0;
    while (m.find()) {
      if (m.start() != last) {
        out.add(s.substring(last, m.start())); // never happens: the pattern covers every character
      }
      out.add(m.group());
      last = m.end();
    }
    if (last < s.length()) {
      out.add(s.substring(last));
    }
    return out;
  }

  @Test
  void splitsLikeGpt2Examples() {
    assertEquals(
        List.of("Hello", ",", " world", "!"), ByteLevelPreTokenizer.split("Hello, world!"));
    assertEquals(List.of("a", " ", " b"), ByteLevelPreTokenizer.split("a  b"));
    assertEquals(List.of("a", "\n", " b"), ByteLevelPreTokenizer.split("a\n b"));
    assertEquals(List.of("a", "  "), ByteLevelPreTokenizer.split("a  "));
    assertEquals(
        List.of("I", "'m", " fine", "'s", "'", "S"), ByteLevelPreTokenizer.split("I'm fine's'S"));
    assertEquals(List.of("床前明月光", "，", "疑是地上霜", "。"), ByteLevelPreTokenizer.split("床前明月光，疑是地上霜。"));
    assertEquals(List.of("abc", " 123", " !?"), ByteLevelPreTokenizer.split("abc 123 !?"));
    assertEquals(List.of(), ByteLevelPreTokenizer.split(""));
  }

  @Test
  void matchesJavaRegexOnTrickyAndRandomStrings() {
    List<String> inputs = new ArrayList<>(TestTexts.tricky());
    inputs.addAll(TestTexts.random(3000, 99L));
    for (String s : inputs) {
      assertEquals(regexSplit(s), ByteLevelPreTokenizer.split(s), () -> "split of \"" + s + "\"");
    }
  }

  @Test
  void matchesJavaRegexOnCorpus() {
    for (String doc : TestTexts.documents()) {
      assertEquals(regexSplit(doc), ByteLevelPreTokenizer.split(doc));
    }
  }

  @Test
  void whiteSpaceClassIsUnicodeWhiteSpace() {
    Pattern ws = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);
    for (int cp = 0; cp < 0x3100; cp++) {
      boolean expected = ws.matcher(new String(Character.toChars(cp))).matches();
      assertEquals(
          expected, ByteLevelPreTokenizer.isWhiteSpace(cp), "U+" + Integer.toHexString(cp));
    }
  }
}
