package org.minimind.workbench.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.LayerTrace;
import org.minimind.workbench.model.MemoryLM;

/**
 * The cached path (prompt once, then one position per token) computes what the uncached one (the
 * seed's: the whole sequence every token) does, and both what a plain forward pass over the
 * sequence gives, memory traces included.
 */
class CacheEquivalenceTest {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CacheEquivalenceTest.class);
  static final List<String> FIXTURES = Fixtures.ALL;
  static final int STEPS = 30;

  /** Everything a generation reported. */
  static final class Recorder implements GenerationListener {
    final List<float[]> logits = new ArrayList<>();
    final List<Integer> logitPositions = new ArrayList<>();
    final List<GeneratedToken> tokens = new ArrayList<>();
    List<PromptToken> prompt;

    @Override
    public void onPrompt(List<PromptToken> p) {
      prompt = p;
    }

    @Override
    public void onLogits(int position, float[] l) {
      logitPositions.add(position);
      logits.add(l);
    }

    @Override
    public void onToken(GeneratedToken token) {
      tokens.add(token);
    }
  }

  static Recorder run(Generator g, int[] prompt, GenerationSettings s) {
    Recorder r = new Recorder();
    g.generate(prompt, s, r);
    return r;
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void cachedAndUncachedAgreeAtEveryStep(String fixture) {
    try (MemoryLM model = GenerationFixtures.model(fixture)) {
      Generator g = new Generator(model);
      int[] prompt = GenerationFixtures.prompt(fixture, 8);
      // Sliding, so that all 30 steps run even in seed-mha's 20-token context (and slide there).
      GenerationSettings greedy =
          GenerationSettings.defaults()
              .withSampling(SamplingSettings.greedy())
              .withMaxNewTokens(STEPS)
              .withEosId(-1)
              .withContextPolicy(ContextPolicy.SLIDE);
      Recorder cached = run(g, prompt, greedy);
      Recorder uncached = run(g, prompt, greedy.withCache(false));
      assertEquals(STEPS, cached.tokens.size());
      assertEquals(STEPS, uncached.tokens.size());
      double worst = 0;
      for (int step = 0; step < STEPS; step++) {
        float[] a = cached.logits.get(step);
        float[] b = uncached.logits.get(step);
        for (int v = 0; v < a.length; v++) {
          worst = Math.max(worst, Math.abs(a[v] - b[v]));
        }
        assertArrayEquals(b, a, 1e-4f, fixture + ": logits at step " + step);
        assertEquals(
            uncached.tokens.get(step).id(),
            cached.tokens.get(step).id(),
            fixture + ": greedy id at step " + step);
        assertSameTrace(
            uncached.tokens.get(step).memory(),
            cached.tokens.get(step).memory(),
            fixture + ": memory at step " + step);
      }
      // Sampled with the same seed: the same draws.
      GenerationSettings sampled = greedy.withSampling(SamplingSettings.defaults().withSeed(5));
      assertEquals(ids(run(g, prompt, sampled.withCache(false))), ids(run(g, prompt, sampled)));
      LOG.info(
          "{}: cached vs uncached logits differ by at most {}",
          fixture,
          String.format("%.2e", worst));
    }
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void generationMatchesAPlainForwardPassOverTheSequence(String fixture) {
    try (MemoryLM model = GenerationFixtures.model(fixture);
        NDManager m = model.parameters().manager().newSubManager()) {
      int contextLength = model.config().maxSeqLen();
      int[] prompt = GenerationFixtures.prompt(fixture, 6);
      int steps = Math.min(STEPS, contextLength - prompt.length);
      Recorder r =
          run(
              new Generator(model),
              prompt,
              GenerationSettings.defaults().withMaxNewTokens(steps).withEosId(-1));
      assertEquals(steps, r.tokens.size());
      // The whole sequence but the last token (which the model never read).
      int n = prompt.length + steps - 1;
      long[] seq = new long[n];
      for (int i = 0; i < n; i++) {
        seq[i] = i < prompt.length ? prompt[i] : r.tokens.get(i - prompt.length).id();
      }
      ForwardOutput full =
          model.forward(
              model.bind(m, false), m.create(seq, new Shape(1, n)), ForwardOptions.evaluation());
      for (int step = 0; step < steps; step++) {
        int pos = prompt.length + step - 1; // the position whose output predicts this token
        float[] expected = full.logits().get(new NDIndex("0, {}", pos)).toFloatArray();
        assertArrayEquals(expected, r.logits.get(step), 1e-4f, fixture + ": step " + step);
        assertEquals(prompt.length + step, r.logitPositions.get(step));
        GeneratedToken t = r.tokens.get(step);
        assertEquals(prompt.length + step, t.position());
        assertEquals(step, t.index());
        assertTrace(full, pos, t.memory(), fixture + ": token " + step);
      }
      assertEquals(prompt.length, r.prompt.size());
      for (int i = 0; i < prompt.length; i++) {
        PromptToken p = r.prompt.get(i);
        assertEquals(i, p.position());
        assertEquals(prompt[i], p.id());
        assertTrace(full, i, p.memory(), fixture + ": prompt token " + i);
      }
    }
  }

  /** A trace equals the forward pass's slots (exactly) and scores (1e-5) at {@code pos}. */
  static void assertTrace(ForwardOutput full, int pos, MemoryTrace trace, String what) {
    assertEquals(pos, trace.position(), what);
    assertEquals(full.layers().size(), trace.layers().size(), what);
    for (int l = 0; l < full.layers().size(); l++) {
      LayerTrace layer = full.layers().get(l);
      NDIndex at = new NDIndex("0, {}", pos);
      long[] slots = layer.memoryIndices().get(at).toLongArray();
      float[] scores = layer.memoryScores().get(at).toFloatArray();
      SlotSelection sel = trace.layers().get(l);
      assertArrayEquals(
          java.util.Arrays.stream(slots).mapToInt(v -> (int) v).toArray(),
          sel.slots(),
          what + ", layer " + l);
      assertArrayEquals(scores, sel.scores(), 1e-5f, what + ", layer " + l);
      for (int j = 1; j < scores.length; j++) {
        assertTrue(sel.scores()[j - 1] >= sel.scores()[j], "best first: " + what);
      }
    }
  }

  /** Same position and slots; scores within 1e-5. */
  static void assertSameTrace(MemoryTrace expected, MemoryTrace actual, String what) {
    assertEquals(expected.position(), actual.position(), what);
    assertEquals(expected.layers().size(), actual.layers().size(), what);
    for (int l = 0; l < expected.layers().size(); l++) {
      assertArrayEquals(
          expected.layers().get(l).slots(), actual.layers().get(l).slots(), what + ", layer " + l);
      assertArrayEquals(
          expected.layers().get(l).scores(),
          actual.layers().get(l).scores(),
          1e-5f,
          what + ", layer " + l);
    }
  }

  static List<Integer> ids(Recorder r) {
    return r.tokens.stream().map(GeneratedToken::id).toList();
  }

  static float[] logitsOf(MemoryLM model, NDManager m, long[] window) {
    NDArray ids = m.create(window, new Shape(1, window.length));
    ForwardOutput out = model.forward(model.bind(m, false), ids, ForwardOptions.evaluation());
    return out.logits().get(new NDIndex("0, -1")).toFloatArray();
  }
}
