package org.minimind.workbench.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads our {@code tokenizer.json} into the Rust Hugging Face {@code tokenizers} library (through
 * DJL) and checks that it produces exactly our ids and decodings.
 */
class HuggingFaceParityTest {

  @TempDir static Path dir;

  private static BpeTokenizer tok;
  private static HuggingFaceTokenizer hf;

  @BeforeAll
  static void load() throws IOException {
    tok = TestTexts.tokenizer();
    Path file = dir.resolve("tokenizer.json");
    tok.save(file);
    hf =
        HuggingFaceTokenizer.newInstance(
            file, Map.of("addSpecialTokens", "false", "truncation", "false"));
  }

  @AfterAll
  static void close() {
    if (hf != null) {
      hf.close();
    }
  }

  private static int[] hfEncode(String s) {
    return Arrays.stream(hf.encode(s, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
  }

  private static long[] longs(int[] ids) {
    return Arrays.stream(ids).mapToLong(i -> i).toArray();
  }

  @Test
  void sameIdsAndDecodingOnVariedText() {
    List<String> texts = TestTexts.varied();
    assertEquals(true, texts.size() >= 300, "texts: " + texts.size());
    for (String s : texts) {
      int[] ours = tok.encode(s, true);
      assertArrayEquals(hfEncode(s), ours, () -> "ids of \"" + s + "\"");
      assertEquals(hf.decode(longs(ours), false), tok.decode(ours, false), s);
      assertEquals(hf.decode(longs(ours), true), tok.decode(ours, true), s);
    }
  }

  @Test
  void sameIdsOnWholeCorpus() {
    String corpus = TestTexts.corpus();
    assertArrayEquals(hfEncode(corpus), tok.encode(corpus, true));
  }

  @Test
  void sameDecodingOfRandomIdsIncludingBrokenUtf8() {
    Random r = new Random(11);
    for (int i = 0; i < 500; i++) {
      int[] ids = new int[1 + r.nextInt(12)];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = r.nextInt(tok.vocabSize());
      }
      boolean skip = r.nextBoolean();
      assertEquals(hf.decode(longs(ids), skip), tok.decode(ids, skip), Arrays.toString(ids));
    }
  }

  @Test
  void sameTokensAsStrings() {
    String s = "床前明月光， It's  3.14 😀\n";
    assertEquals(Arrays.asList(hf.encode(s, false, false).getTokens()), tok.tokenize(s, true));
  }
}
