package org.minimind.workbench.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

  private final BpeTokenizer tok = TestTexts.tokenizer();

  static List<String> strings() {
    return TestTexts.varied();
  }

  @ParameterizedTest
  @MethodSource("strings")
  void stringRoundTrip(String s) {
    int[] ids = tok.encode(s);
    assertEquals(s, tok.decode(ids));
    assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), tok.decodeBytes(ids));
    assertArrayEquals(ids, tok.encodeBytes(s.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @MethodSource("strings")
  void specialAwareRoundTrip(String s) {
    int[] ids = tok.encode(s, true);
    assertEquals(s, tok.decode(ids));
    assertArrayEquals(ids, tok.encodeBytes(s.getBytes(StandardCharsets.UTF_8), true));
  }

  @Test
  void namedCases() {
    for (String s :
        List.of(
            "",
            "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
            "It is a truth universally acknowledged.",
            "👨‍👩‍👧‍👦👩🏽‍💻🏳️‍🌈",
            "中文, English, 日本語, 한국어, русский, العربية 😀",
            "\t  \n\n   \u3000 ",
            "e\u0301\u0302 a\u0308")) {
      assertEquals(s, tok.decode(tok.encode(s)), s);
    }
  }

  @Test
  void compressesChineseAndEnglish() {
    String zh = "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。";
    String en = "She was the youngest of the two daughters of a most affectionate father.";
    assertTrue(tok.encode(zh).length < zh.getBytes(StandardCharsets.UTF_8).length);
    assertTrue(tok.encode(en).length < en.length() / 2, Arrays.toString(tok.encode(en)));
  }

  @Test
  void randomBytesRoundTripIncludingInvalidUtf8() {
    Random r = new Random(12345);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(64)];
      if (i % 2 == 0) {
        r.nextBytes(b);
      } else {
        // mostly valid text with some bytes corrupted or cut
        byte[] text = "中文 text 😀, ok".getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < b.length; k++) {
          b[k] = text[(k + i) % text.length];
        }
        if (b.length > 0) {
          b[r.nextInt(b.length)] = (byte) (0x80 + r.nextInt(128));
        }
      }
      int[] ids = tok.encodeBytes(b);
      assertArrayEquals(b, tok.decodeBytes(ids), () -> Arrays.toString(b));
      assertArrayEquals(b, tok.decodeBytes(tok.encodeBytes(b, true)));
    }
  }

  @Test
  void invalidBytesJoinPunctuationRuns() {
    byte[] b = {'a', ' ', (byte) 0xFF, '!', (byte) 0xE4, (byte) 0xB8, 'b'};
    int[] ids = tok.encodeBytes(b);
    assertArrayEquals(b, tok.decodeBytes(ids));
    // The same split as " \uFFFF!.." where each bad byte is a punctuation-like symbol.
    assertEquals("a \uFFFD!\uFFFDb", tok.decode(ids));
  }

  @Test
  void unpairedSurrogateEncodesAsReplacementCharacter() {
    assertEquals("a\uFFFDb", tok.decode(tok.encode("a\uD800b")));
    assertEquals("x\uFFFD", tok.decode(tok.encode("x\uDC80")));
  }

  @Test
  void specialTokensRecognisedOnlyWhenAsked() {
    int[] plain = tok.encode("<s>hi</s>");
    int[] special = tok.encode("<s>hi</s>", true);
    assertEquals(BpeTokenizer.BOS_ID, special[0]);
    assertEquals(BpeTokenizer.EOS_ID, special[special.length - 1]);
    assertTrue(Arrays.stream(plain).noneMatch(id -> id < 3), Arrays.toString(plain));
    assertEquals("<s>hi</s>", tok.decode(special));
    assertEquals("hi", tok.decode(special, true));
    assertEquals("<s>hi</s>", tok.decode(plain, true));
    assertArrayEquals(new int[] {0, 1, 2}, tok.encode("<unk><s></s>", true));
  }

  @Test
  void decodeRejectsUnknownIds() {
    assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {tok.vocabSize()}));
    assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {-1}));
  }

  @Test
  void cachedAndUncachedEncodingsAgree() {
    String s = TestTexts.corpus().substring(0, 5000);
    int[] first = tok.encode(s);
    int[] second = tok.encode(s);
    assertArrayEquals(first, second);
    BpeTokenizer fresh = BpeTokenizer.of(tok.vocab(), tok.merges(), tok.specialTokens());
    assertArrayEquals(first, fresh.encode(s));
  }
}
