package org.minimind.workbench.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.MemoryLM;

/** What happens at the model's max_seq_len: stop (the default), or slide the window. */
class ContextLimitTest {
  static GenerationSettings greedy(int maxNew) {
    return GenerationSettings.defaults()
        .withSampling(SamplingSettings.greedy())
        .withMaxNewTokens(maxNew)
        .withEosId(-1);
  }

  @Test
  void stopsWhenTheSequenceFillsTheContext() {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) { // max_seq_len 64
      Generator g = new Generator(model);
      for (boolean cache : new boolean[] {true, false}) {
        GenerationResult r =
            g.generate(
                GenerationFixtures.prompt("seed-tiny", 8),
                greedy(100).withCache(cache),
                GenerationListener.NONE);
        assertEquals(StopReason.CONTEXT_FULL, r.stopReason());
        assertEquals(56, r.generatedTokens(), "prompt + generated = max_seq_len");
      }
      int[] long63 = IntStream.range(0, 63).map(i -> 3 + i).toArray();
      GenerationResult one = g.generate(long63, greedy(10), GenerationListener.NONE);
      assertEquals(1, one.generatedTokens());
      assertEquals(StopReason.CONTEXT_FULL, one.stopReason());
      // Exactly filling the context is still MAX_NEW_TOKENS.
      GenerationResult exact =
          g.generate(
              GenerationFixtures.prompt("seed-tiny", 8), greedy(56), GenerationListener.NONE);
      assertEquals(StopReason.MAX_NEW_TOKENS, exact.stopReason());
      int[] long64 = IntStream.range(0, 64).map(i -> 3 + i).toArray();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> g.generate(long64, greedy(10), GenerationListener.NONE));
      assertTrue(
          e.getMessage()
              .contains(
                  "the prompt has 64 tokens but the model's context" + " (max_seq_len) is 64"),
          e.getMessage());
    }
  }

  @Test
  void slidingKeepsTheNewestHalfAndMatchesAForwardPassOverEachWindow() {
    try (MemoryLM model = GenerationFixtures.model("seed-mha"); // max_seq_len 20: keeps 10
        NDManager m = model.parameters().manager().newSubManager()) {
      int[] prompt = GenerationFixtures.prompt("seed-mha", 8);
      int steps = 40;
      for (boolean cache : new boolean[] {true, false}) {
        CacheEquivalenceTest.Recorder rec = new CacheEquivalenceTest.Recorder();
        GenerationResult r =
            new Generator(model)
                .generate(
                    prompt,
                    greedy(steps).withContextPolicy(ContextPolicy.SLIDE).withCache(cache),
                    rec);
        assertEquals(StopReason.MAX_NEW_TOKENS, r.stopReason());
        assertEquals(steps, r.generatedTokens());
        assertEquals(3, r.windowSlides(), "slides at lengths 20, 30 and 40");
        int[] seq = IntStream.concat(IntStream.of(prompt), IntStream.of(r.ids())).toArray();
        int windowStart = 0;
        for (int step = 0; step < steps; step++) {
          int n = prompt.length + step;
          if (n - windowStart >= 20) {
            windowStart = n - 10;
          }
          assertTrue(n - windowStart + 1 <= 20, "window and new token fit the context");
          long[] window = IntStream.range(windowStart, n).mapToLong(i -> seq[i]).toArray();
          assertArrayEquals(
              CacheEquivalenceTest.logitsOf(model, m, window),
              rec.logits.get(step),
              1e-4f,
              "cache " + cache + ", step " + step + ", window from " + windowStart);
          assertEquals(n, rec.tokens.get(step).position(), "positions stay absolute");
          assertEquals(n - 1, rec.tokens.get(step).memory().position());
        }
      }
    }
  }

  @Test
  void aPromptLongerThanTheContextStartsWithItsNewestHalf() {
    try (MemoryLM model = GenerationFixtures.model("seed-mha");
        NDManager m = model.parameters().manager().newSubManager()) {
      int[] prompt = IntStream.range(0, 25).map(i -> (7 * i + 3) % 200).toArray();
      CacheEquivalenceTest.Recorder rec = new CacheEquivalenceTest.Recorder();
      new Generator(model).generate(prompt, greedy(3).withContextPolicy(ContextPolicy.SLIDE), rec);
      assertEquals(10, rec.prompt.size());
      assertEquals(15, rec.prompt.get(0).position());
      assertEquals(24, rec.prompt.get(9).position());
      long[] window = IntStream.range(15, 25).mapToLong(i -> prompt[i]).toArray();
      assertArrayEquals(CacheEquivalenceTest.logitsOf(model, m, window), rec.logits.get(0), 1e-4f);
    }
  }
}
