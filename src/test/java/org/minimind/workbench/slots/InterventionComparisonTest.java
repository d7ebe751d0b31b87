package org.minimind.workbench.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.generate.GenerationSettings;
import org.minimind.workbench.model.generate.Generator;
import org.minimind.workbench.model.generate.SamplingSettings;

/**
 * {@link InterventionComparison} on seed-tiny: where the texts part, and teacher-forced
 * probabilities that agree with what each generation itself reported.
 */
class InterventionComparisonTest {
  static final int[] PROMPT = {1, 40, 301, 7, 99};
  static MemoryLM model;

  @BeforeAll
  static void load() throws IOException {
    model = Checkpoint.load(Fixtures.dir("seed-tiny"), Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static GenerationSettings greedy() {
    return GenerationSettings.defaults()
        .withSampling(SamplingSettings.defaults().withTemperature(0))
        .withMaxNewTokens(16)
        .withEosId(-1);
  }

  /** Each generated token's model probability, as the generation reported it. */
  private static List<Double> reported(Intervention iv) {
    List<Double> p = new ArrayList<>();
    new Generator(model, null)
        .generate(PROMPT, greedy().withIntervention(iv), t -> p.add(t.modelProbability()));
    return p;
  }

  @Test
  void theTextsPartWhereTheirIdsFirstDifferAndEachTokenHasBothProbabilities() {
    Intervention iv = Intervention.parse("--ablate-layer 0,1");
    InterventionComparison.Result r =
        InterventionComparison.compare(model, null, PROMPT, greedy(), iv);
    int[] a = r.baseline().ids();
    int[] b = r.intervened().ids();
    int first = r.firstDifference();
    assertTrue(first >= 0, "turning every layer's memory off changed nothing");
    assertEquals(
        Arrays.toString(Arrays.copyOf(a, first)), Arrays.toString(Arrays.copyOf(b, first)));
    assertTrue(a[first] != b[first]);
    assertEquals(b.length, r.changes().size());
    List<Double> withIv = reported(iv);
    List<Double> plain = reported(Intervention.none());
    for (InterventionComparison.TokenChange c : r.changes()) {
      assertEquals(b[c.index()], c.id());
      // the intervened generation saw this very context
      assertEquals(withIv.get(c.index()), c.intervened(), 1e-4, "token " + c.index());
      if (c.index() < first) {
        // before they part, so did the plain one
        assertEquals(plain.get(c.index()), c.baseline(), 1e-4, "token " + c.index());
      }
      assertEquals(c.intervened() - c.baseline(), c.delta(), 0);
    }
    // greedy: where they part, the plain model preferred its own token to the intervened one
    InterventionComparison.TokenChange at = r.changes().get(first);
    assertTrue(at.baseline() <= plain.get(first), at + " vs " + plain.get(first));
  }

  @Test
  void withoutAnInterventionNothingDiffers() {
    InterventionComparison.Result r =
        InterventionComparison.compare(model, null, PROMPT, greedy(), Intervention.none());
    assertEquals(-1, r.firstDifference());
    for (InterventionComparison.TokenChange c : r.changes()) {
      assertEquals(0.0, c.delta(), "token " + c.index());
    }
  }

  @Test
  void theFirstDifferenceOfTwoIdSequences() {
    assertEquals(-1, InterventionComparison.firstDifference(new int[] {1, 2}, new int[] {1, 2}));
    assertEquals(1, InterventionComparison.firstDifference(new int[] {1, 2}, new int[] {1, 3}));
    assertEquals(2, InterventionComparison.firstDifference(new int[] {1, 2}, new int[] {1, 2, 3}));
    assertEquals(0, InterventionComparison.firstDifference(new int[] {}, new int[] {4}));
  }

  @Test
  void aCancelledComparisonIsAnExceptionNotHalfAResult() {
    AtomicBoolean cancel = new AtomicBoolean(true);
    assertThrows(
        CancellationException.class,
        () ->
            InterventionComparison.compare(
                model, null, PROMPT, greedy(), Intervention.parse("--ablate-layer 0"), cancel));
  }
}
