package org.minimind.workbench.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingDecoderTest {

  private final BpeTokenizer tok = TestTexts.tokenizer();

  private static int byteId(BpeTokenizer tok, int b) {
    return tok.tokenToId(String.valueOf(ByteLevel.byteToChar(b))).orElseThrow();
  }

  @Test
  void holdsPartialCharacterUntilComplete() {
    byte[] utf8 = "月".getBytes(StandardCharsets.UTF_8); // E6 9C 88
    StreamingDecoder d = tok.streamingDecoder(false);
    assertEquals("", d.push(byteId(tok, utf8[0] & 0xFF)));
    assertEquals(1, d.pendingBytes());
    assertEquals("", d.push(byteId(tok, utf8[1] & 0xFF)));
    assertEquals("月", d.push(byteId(tok, utf8[2] & 0xFF)));
    assertEquals(0, d.pendingBytes());
    assertEquals("", d.flush());
  }

  @Test
  void flushReplacesUnfinishedCharacter() {
    StreamingDecoder d = tok.streamingDecoder(false);
    assertEquals("a", d.push(byteId(tok, 'a'), byteId(tok, 0xE6)));
    assertEquals("\uFFFD", d.flush());
  }

  @Test
  void impossibleBytesAreEmittedAtOnce() {
    StreamingDecoder d = tok.streamingDecoder(false);
    assertEquals("\uFFFD", d.push(byteId(tok, 0xFF)));
    assertEquals("", d.push(byteId(tok, 0xE6)));
    assertEquals("\uFFFDx", d.push(byteId(tok, 'x'))); // E6 then 'x': the E6 can never complete
  }

  @Test
  void skipsSpecialTokensWhenAsked() {
    StreamingDecoder d = tok.streamingDecoder(true);
    StringBuilder sb = new StringBuilder();
    for (int id : tok.encode("<s>你好</s>", true)) {
      sb.append(d.push(id));
    }
    sb.append(d.flush());
    assertEquals("你好", sb.toString());
  }

  @Test
  void concatenationEqualsDecodeForTextAndRandomIds() {
    Random r = new Random(7);
    for (String s : TestTexts.varied()) {
      assertStreamEqualsDecode(tok.encode(s, true), r.nextBoolean());
    }
    for (int i = 0; i < 500; i++) {
      int[] ids = new int[r.nextInt(40)];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = r.nextInt(tok.vocabSize());
      }
      assertStreamEqualsDecode(ids, r.nextBoolean());
    }
  }

  private void assertStreamEqualsDecode(int[] ids, boolean skipSpecial) {
    StreamingDecoder d = tok.streamingDecoder(skipSpecial);
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      String piece = d.push(id);
      assertFalse(!piece.isEmpty() && Character.isHighSurrogate(piece.charAt(piece.length() - 1)));
      sb.append(piece);
    }
    sb.append(d.flush());
    assertEquals(tok.decode(ids, skipSpecial), sb.toString());
    assertTrue(d.pendingBytes() == 0);
  }
}
