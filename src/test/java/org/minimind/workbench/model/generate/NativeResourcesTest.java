package org.minimind.workbench.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.MemoryLM;

/** Generation closes every array it makes: the model's manager does not grow. */
class NativeResourcesTest {
  static int count(MemoryLM model) {
    NDManager m = model.parameters().manager();
    return m.getManagedArrays().size();
  }

  @Test
  void arraysStayFlatDuringAndAfterGeneration() {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      int before = count(model);
      for (boolean cache : new boolean[] {true, false}) {
        List<Integer> during = new ArrayList<>();
        GenerationListener counter = token -> during.add(count(model));
        GenerationSettings s =
            GenerationSettings.defaults()
                .withMaxNewTokens(70)
                .withEosId(-1)
                .withCache(cache)
                .withContextPolicy(ContextPolicy.SLIDE);
        GenerationResult r = new Generator(model).generate(new int[] {1, 5, 9}, s, counter);
        assertEquals(70, r.generatedTokens());
        assertEquals(1, r.windowSlides());
        // Between tokens only the generation's own arrays (parameter views, cache) are alive,
        // the same number at every token, and none once it is over.
        assertTrue(during.get(0) > before);
        for (int i = 1; i < during.size(); i++) {
          assertEquals(during.get(0), during.get(i), "cache " + cache + ", token " + i);
        }
        assertEquals(before, count(model), "cache " + cache + ": after");
      }
    }
  }

  @Test
  void aFailingListenerStillReleasesEverything() {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      int before = count(model);
      GenerationListener failing =
          token -> {
            if (token.index() == 3) {
              throw new IllegalStateException("listener failed");
            }
          };
      Generator g = new Generator(model);
      GenerationSettings s = GenerationSettings.defaults().withEosId(-1);
      assertThrows(IllegalStateException.class, () -> g.generate(new int[] {1, 2, 3}, s, failing));
      assertEquals(before, count(model));
      GenerationHandle h = g.start(new int[] {1, 2, 3}, s, failing);
      ExecutionException e = assertThrows(ExecutionException.class, () -> h.result().get());
      assertEquals("listener failed", e.getCause().getMessage());
      assertEquals(before, count(model));
    }
  }
}
