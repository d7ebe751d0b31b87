package org.minimind.workbench.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.MemoryLM;

/**
 * {@link Generator#trace}: one pass over a sequence gives, per position, the token and the slots
 * every layer read, the same as a plain forward pass; the counts are those slots tallied.
 */
class SlotTraceTest {
  private static final String FIXTURE = "seed-wide";

  @Test
  void aTracedSequenceReadsTheSlotsOfItsForwardPass() {
    try (MemoryLM model = GenerationFixtures.model(FIXTURE);
        NDManager m = model.parameters().manager().newSubManager()) {
      int[] ids = GenerationFixtures.prompt(FIXTURE, 7);
      SlotTrace trace = new Generator(model).trace(ids);
      assertEquals(ids.length, trace.length());
      assertArrayEquals(ids, trace.ids());
      assertFalse(trace.truncated());
      assertEquals(model.config().nLayers(), trace.layerCount());
      assertEquals(model.config().numSelected(), trace.slotsPerToken());

      long[] longIds = Arrays.stream(ids).asLongStream().toArray();
      ForwardOutput full =
          model.forward(
              model.bind(m, false),
              m.create(longIds, new Shape(1, ids.length)),
              ForwardOptions.evaluation());
      int[][] usage = full.usage().countsOnHost();
      for (int pos = 0; pos < ids.length; pos++) {
        assertEquals("", trace.token(pos).text(), "no tokenizer, no text");
        CacheEquivalenceTest.assertTrace(full, pos, trace.token(pos).memory(), "position " + pos);
      }
      for (int l = 0; l < trace.layerCount(); l++) {
        assertArrayEquals(usage[l], trace.counts(l), "layer " + l);
      }
    }
  }

  @Test
  void aSequenceLongerThanTheContextIsCutAndSaysSo() {
    try (MemoryLM model = GenerationFixtures.model(FIXTURE)) {
      int context = model.config().maxSeqLen();
      int[] ids = new int[context + 3];
      Arrays.fill(ids, 5);
      SlotTrace trace = new Generator(model).trace(ids);
      assertEquals(context, trace.length());
      assertTrue(trace.truncated());
    }
  }

  @Test
  void aTokenOnItsOwnIsItsTextOrItsVocabularyEntry() {
    BpeTokenizer tokenizer = GenerationFixtures.tokenizer(512);
    int bos = tokenizer.tokenToId(BpeTokenizer.BOS).orElseThrow();
    assertEquals(BpeTokenizer.BOS, TokenText.of(tokenizer, bos), "special tokens by name");
    int pieces = 0;
    for (int id = 0; id < tokenizer.vocabSize(); id++) {
      String text = TokenText.of(tokenizer, id);
      assertFalse(text.contains("\uFFFD"), "id " + id + ": " + text);
      if (tokenizer.decode(new int[] {id}, false).contains("\uFFFD")) {
        assertEquals(tokenizer.idToToken(id), text, "a piece of a character: its vocabulary entry");
        pieces++;
      }
    }
    assertTrue(pieces > 0, "the 512-id vocabulary splits some characters over tokens");
    int the = tokenizer.encode("the")[0];
    assertTrue("the".startsWith(TokenText.of(tokenizer, the)), TokenText.of(tokenizer, the));
    assertEquals("", TokenText.of(null, 3));
    assertEquals("#3", TokenText.orId("", 3));
    assertEquals("cat", TokenText.orId("cat", 3));
  }
}
