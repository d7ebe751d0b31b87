package org.minimind.workbench.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;

/**
 * {@link LogitEffects} against the same measurement made one context at a time, unpadded: the
 * batch's right padding changes nothing, and the counts and orderings are what they say.
 */
class LogitEffectsTest {
  static final ModelConfig CFG = new ModelConfig(32, 3, 4, 2, 50, 24, 0, 1e-5, 1e4, 64, 8, 3);
  static final int LAYER = 1;
  static MemoryLM model;
  static List<int[]> contexts;
  static int slot;

  @BeforeAll
  static void setUp() {
    model = MemoryLM.initialize(CFG, Device.cpu(), 21);
    Random r = new Random(8);
    contexts = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      int[] ids = new int[3 + r.nextInt(14)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = r.nextInt(CFG.vocabSize());
      }
      contexts.add(ids);
    }
    // the slot layer 1 picks most often at the contexts' last positions
    Map<Integer, Integer> counts = new HashMap<>();
    for (int[] c : contexts) {
      for (long s : lastSlots(c, Intervention.none())) {
        counts.merge((int) s, 1, Integer::sum);
      }
    }
    slot = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static NDArray run(NDManager m, int[] c, Intervention iv, List<long[]> slots) {
    long[] ids = Arrays.stream(c).asLongStream().toArray();
    ForwardOutput out =
        model.forward(
            model.bind(m, false),
            m.create(ids, new Shape(1, c.length)),
            ForwardOptions.evaluation().withIntervention(iv));
    if (slots != null) {
      slots.add(
          out.layers()
              .get(LAYER)
              .memoryIndices()
              .get(new NDIndex("0, {}", c.length - 1))
              .toLongArray());
    }
    return out.logits().get(new NDIndex("0, {}", c.length - 1)).softmax(-1);
  }

  private static long[] lastSlots(int[] c, Intervention iv) {
    try (NDManager m = model.parameters().manager().newSubManager()) {
      List<long[]> slots = new ArrayList<>();
      run(m, c, iv, slots);
      return slots.get(0);
    }
  }

  @Test
  void theBatchedMeasurementIsTheMeanOfTheSingleContextOnes() {
    Intervention remove = Intervention.parse("--ablate " + LAYER + ":" + slot);
    double[] delta = new double[CFG.vocabSize()];
    double[] base = new double[CFG.vocabSize()];
    int selecting = 0;
    for (int[] c : contexts) {
      try (NDManager m = model.parameters().manager().newSubManager()) {
        List<long[]> slots = new ArrayList<>();
        float[] with = run(m, c, Intervention.none(), slots).toFloatArray();
        float[] without = run(m, c, remove, null).toFloatArray();
        if (Arrays.stream(slots.get(0)).anyMatch(s -> s == slot)) {
          selecting++;
        }
        for (int v = 0; v < delta.length; v++) {
          delta[v] += (with[v] - without[v]) / contexts.size();
          base[v] += with[v] / (double) contexts.size();
        }
      }
    }
    LogitEffects.Result r = LogitEffects.measure(model, contexts, LAYER, slot, 5);
    assertEquals(contexts.size(), r.contexts());
    assertEquals(selecting, r.selecting());
    assertTrue(selecting > 0);
    assertFalse(r.rises().isEmpty() || r.falls().isEmpty());
    assertTrue(r.rises().size() <= 5 && r.falls().size() <= 5);
    Integer[] order = new Integer[delta.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(delta[b], delta[a]));
    for (int i = 0; i < r.rises().size(); i++) {
      LogitEffects.TokenEffect e = r.rises().get(i);
      assertEquals(delta[order[i]], e.meanDelta(), 1e-6, "rise " + i);
      assertEquals(delta[e.id()], e.meanDelta(), 1e-6);
      assertEquals(base[e.id()], e.baselineMean(), 1e-6);
      assertTrue(e.meanDelta() > 0);
    }
    for (int i = 0; i < r.falls().size(); i++) {
      LogitEffects.TokenEffect e = r.falls().get(i);
      assertEquals(delta[order[order.length - 1 - i]], e.meanDelta(), 1e-6, "fall " + i);
      assertEquals(delta[e.id()], e.meanDelta(), 1e-6);
      assertTrue(e.meanDelta() < 0);
    }
  }

  @Test
  void contextsAndArgumentsAreChecked() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LogitEffects.measure(model, List.of(), LAYER, slot, 5));
    assertThrows(
        IllegalArgumentException.class,
        () -> LogitEffects.measure(model, List.of(new int[0]), LAYER, slot, 5));
    IllegalArgumentException vocab =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogitEffects.measure(model, List.of(new int[] {1, 50}), LAYER, slot, 5));
    assertTrue(vocab.getMessage().contains("id 50"), vocab.getMessage());
    IllegalArgumentException n =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogitEffects.measure(model, contexts, LAYER, 64, 5));
    assertTrue(n.getMessage().contains("knowledge_num is 64"), n.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> LogitEffects.measure(model, contexts, 3, slot, 5));
  }
}
