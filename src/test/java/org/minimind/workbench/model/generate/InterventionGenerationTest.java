package org.minimind.workbench.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;

/**
 * Generation under an intervention: an empty one generates bit for bit what the plain settings do;
 * another changes the logits, the same with and without the cache.
 */
class InterventionGenerationTest {
  static final int STEPS = 12;

  private static GenerationSettings settings() {
    return GenerationSettings.defaults()
        .withSampling(SamplingSettings.defaults().withSeed(5))
        .withMaxNewTokens(STEPS)
        .withEosId(-1);
  }

  @Test
  void anEmptyInterventionGeneratesBitForBitThePlainGeneration() {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      Generator g = new Generator(model, null);
      int[] prompt = GenerationFixtures.prompt("seed-tiny", 6);
      for (boolean cache : new boolean[] {true, false}) {
        var plain = CacheEquivalenceTest.run(g, prompt, settings().withCache(cache));
        var none =
            CacheEquivalenceTest.run(
                g, prompt, settings().withCache(cache).withIntervention(Intervention.none()));
        assertEquals(plain.logits.size(), none.logits.size());
        for (int i = 0; i < plain.logits.size(); i++) {
          assertArrayEquals(plain.logits.get(i), none.logits.get(i), "step " + i);
        }
        assertEquals(ids(plain), ids(none));
      }
    }
  }

  @Test
  void anInterventionChangesTheLogitsTheSameWithAndWithoutTheCache() {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      Generator g = new Generator(model, null);
      int[] prompt = GenerationFixtures.prompt("seed-tiny", 6);
      Intervention off = Intervention.parse("--ablate-layer 1");
      var plain = CacheEquivalenceTest.run(g, prompt, settings());
      var cached = CacheEquivalenceTest.run(g, prompt, settings().withIntervention(off));
      var uncached =
          CacheEquivalenceTest.run(g, prompt, settings().withIntervention(off).withCache(false));
      assertFalse(Arrays.equals(plain.logits.get(0), cached.logits.get(0)));
      assertEquals(ids(cached), ids(uncached));
      for (int i = 0; i < cached.logits.size(); i++) {
        assertArrayEquals(uncached.logits.get(i), cached.logits.get(i), 1e-4f, "step " + i);
      }
    }
  }

  @Test
  void anInterventionOutsideTheModelIsRefusedBeforeGenerating() {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      Generator g = new Generator(model, null);
      int[] prompt = GenerationFixtures.prompt("seed-tiny", 6);
      assertThrows(
          IllegalArgumentException.class,
          () ->
              g.generate(
                  prompt,
                  settings().withIntervention(Intervention.parse("--ablate 0:1024")),
                  GenerationListener.NONE));
    }
  }

  private static String ids(CacheEquivalenceTest.Recorder r) {
    return r.tokens.stream().map(t -> String.valueOf(t.id())).toList().toString();
  }
}
