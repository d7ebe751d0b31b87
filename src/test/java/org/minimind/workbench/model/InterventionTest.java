package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interventions in a forward pass: what each kind changes in the selection and the output, and that
 * an empty one is the plain pass bit for bit, for forward and infer.
 */
class InterventionTest {
  static final ModelConfig CFG = InferTest.CONTINUOUS; // 3 layers, 64 slots, top-3
  static final long[] IDS = {3, 17, 42, 8, 8, 0, 49, 21, 5, 13, 7, 7, 30, 2, 44, 19};
  static final int T = IDS.length;
  static final int K = CFG.numSelected();

  static MemoryLM model;

  @BeforeAll
  static void load() {
    model = MemoryLM.initialize(CFG, Device.cpu(), 11);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** Logits and each layer's indices and scores of one pass. */
  record Pass(float[] logits, List<long[]> indices, List<float[]> scores, List<float[]> hidden) {
    /** The k slots of layer l at position t. */
    long[] at(int l, int t) {
      return Arrays.copyOfRange(indices.get(l), t * K, (t + 1) * K);
    }
  }

  static Pass run(MemoryLM m, Intervention iv) {
    try (NDManager scope = m.parameters().manager().newSubManager()) {
      ForwardOutput out =
          m.forward(
              m.bind(scope, false),
              scope.create(IDS, new Shape(1, T)),
              ForwardOptions.evaluation().withHidden().withIntervention(iv));
      List<long[]> idx = new ArrayList<>();
      List<float[]> sc = new ArrayList<>();
      List<float[]> hid = new ArrayList<>();
      for (LayerTrace l : out.layers()) {
        idx.add(l.memoryIndices().toLongArray());
        sc.add(l.memoryScores().toFloatArray());
        hid.add(l.hidden().toFloatArray());
      }
      return new Pass(out.logits().toFloatArray(), idx, sc, hid);
    }
  }

  /** The slot layer l selects first most often over the positions. */
  static int mostFrequentTopSlot(Pass p, int l) {
    Map<Long, Integer> counts = new HashMap<>();
    for (int t = 0; t < T; t++) {
      counts.merge(p.at(l, t)[0], 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .orElseThrow()
        .getKey()
        .intValue();
  }

  static boolean contains(long[] a, long v) {
    return Arrays.stream(a).anyMatch(x -> x == v);
  }

  @Test
  void anEmptyInterventionIsThePlainPassBitForBit() {
    Pass plain;
    try (NDManager scope = model.parameters().manager().newSubManager()) {
      ForwardOutput out =
          model.forward(
              model.bind(scope, false),
              scope.create(IDS, new Shape(1, T)),
              ForwardOptions.evaluation().withHidden());
      plain =
          new Pass(
              out.logits().toFloatArray(),
              out.layers().stream().map(l -> l.memoryIndices().toLongArray()).toList(),
              out.layers().stream().map(l -> l.memoryScores().toFloatArray()).toList(),
              out.layers().stream().map(l -> l.hidden().toFloatArray()).toList());
    }
    Pass none = run(model, Intervention.none());
    assertArrayEquals(plain.logits(), none.logits());
    for (int l = 0; l < CFG.nLayers(); l++) {
      assertArrayEquals(plain.indices().get(l), none.indices().get(l));
      assertArrayEquals(plain.scores().get(l), none.scores().get(l));
      assertArrayEquals(plain.hidden().get(l), none.hidden().get(l));
    }
    try (NDManager scope = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(scope, false);
      InferenceOutput a = model.infer(p, scope.create(IDS, new Shape(1, T)), 0, null, T);
      InferenceOutput b =
          model.infer(p, scope.create(IDS, new Shape(1, T)), 0, null, T, Intervention.none());
      assertArrayEquals(a.logits().toFloatArray(), b.logits().toFloatArray());
      assertArrayEquals(a.memoryIndices().toLongArray(), b.memoryIndices().toLongArray());
      assertArrayEquals(a.memoryScores().toFloatArray(), b.memoryScores().toFloatArray());
    }
  }

  @Test
  void removedSlotIsNeverSelectedAndTheNextCandidateTakesItsPlace() {
    Pass base = run(model, Intervention.none());
    int layer = 1;
    int slot = mostFrequentTopSlot(base, layer);
    Pass removed = run(model, Intervention.parse("--ablate " + layer + ":" + slot));
    int changed = 0;
    for (int t = 0; t < T; t++) {
      long[] before = base.at(layer, t);
      long[] after = removed.at(layer, t);
      assertFalse(contains(after, slot), "position " + t + ": " + Arrays.toString(after));
      if (contains(before, slot)) {
        changed++;
        // the others keep their order; the next candidate comes last
        long[] kept = Arrays.stream(before).filter(s -> s != slot).toArray();
        assertArrayEquals(kept, Arrays.copyOf(after, K - 1), "position " + t);
        assertFalse(contains(before, after[K - 1]));
      } else {
        assertArrayEquals(before, after, "position " + t);
      }
    }
    assertTrue(changed > 0);
    // the layer before is untouched, bit for bit; the output is not
    assertArrayEquals(base.indices().get(0), removed.indices().get(0));
    assertArrayEquals(base.hidden().get(0), removed.hidden().get(0));
    assertFalse(Arrays.equals(base.logits(), removed.logits()));
  }

  @Test
  void withFewerThanKCandidatesLeftRemovedSlotsAreReadAsZerosWithScoreZero() {
    int keep = mostFrequentTopSlot(run(model, Intervention.none()), 0);
    StringBuilder all = new StringBuilder();
    for (int slot = 0; slot < CFG.knowledgeNum(); slot++) {
      if (slot != keep) {
        all.append(all.length() == 0 ? "" : ",").append("0:").append(slot);
      }
    }
    Pass removed = run(model, Intervention.parse("--ablate " + all));
    Pass off = run(model, Intervention.parse("--ablate-layer 0"));
    int d = CFG.dim();
    int kept = 0;
    for (int t = 0; t < T; t++) {
      float sum = 0;
      for (int j = 0; j < K; j++) {
        float score = removed.scores().get(0)[t * K + j];
        boolean isKept = removed.at(0, t)[j] == keep;
        assertEquals(isKept ? 1f : 0f, score, 1e-6f, "position " + t + ", pick " + j);
        sum += score;
      }
      if (sum == 0) { // nothing left to read: as if the layer were off
        assertArrayEquals(
            Arrays.copyOfRange(off.hidden().get(0), t * d, (t + 1) * d),
            Arrays.copyOfRange(removed.hidden().get(0), t * d, (t + 1) * d),
            "position " + t);
      } else {
        kept++;
      }
    }
    assertTrue(kept > 0 && kept < T, kept + " positions kept the slot");
    for (float v : removed.logits()) {
      assertTrue(Float.isFinite(v));
    }
  }

  @Test
  void theTokenMemoryTakesTheSameInterventions() {
    try (MemoryLM token = MemoryLM.initialize(InferTest.TOKEN, Device.cpu(), 11)) {
      Pass base = run(token, Intervention.none());
      int slot = mostFrequentTopSlot(base, 0);
      Pass removed = run(token, Intervention.parse("--ablate 0:" + slot));
      for (int t = 0; t < T; t++) {
        assertFalse(contains(removed.at(0, t), slot), "position " + t);
      }
      Pass zeroed = run(token, Intervention.parse("--ablate 0:" + slot + " --ablate-mode zero"));
      assertArrayEquals(base.indices().get(0), zeroed.indices().get(0));
      assertFalse(Arrays.equals(base.logits(), zeroed.logits()));
    }
  }

  @Test
  void zeroedSlotKeepsTheSelectionButChangesTheOutput() {
    Pass base = run(model, Intervention.none());
    int slot = mostFrequentTopSlot(base, 0);
    Pass zeroed = run(model, Intervention.parse("--ablate 0:" + slot + " --ablate-mode zero"));
    assertArrayEquals(base.indices().get(0), zeroed.indices().get(0));
    assertArrayEquals(base.scores().get(0), zeroed.scores().get(0));
    assertFalse(Arrays.equals(base.hidden().get(0), zeroed.hidden().get(0)));
    assertFalse(Arrays.equals(base.logits(), zeroed.logits()));
    // a position that never selected the slot reads the same in layer 0
    float[] hb = base.hidden().get(0);
    float[] hz = zeroed.hidden().get(0);
    int d = CFG.dim();
    for (int t = 0; t < T; t++) {
      boolean selected = contains(base.at(0, t), slot);
      boolean same =
          Arrays.equals(
              Arrays.copyOfRange(hb, t * d, (t + 1) * d),
              Arrays.copyOfRange(hz, t * d, (t + 1) * d));
      assertEquals(!selected, same, "position " + t);
    }
  }

  @Test
  void aLayerTurnedOffKeepsItsSelectionAndChangesEveryPosition() {
    Pass base = run(model, Intervention.none());
    Pass off = run(model, Intervention.parse("--ablate-layer 2"));
    assertArrayEquals(base.indices().get(2), off.indices().get(2));
    assertArrayEquals(base.hidden().get(1), off.hidden().get(1));
    int d = CFG.dim();
    for (int t = 0; t < T; t++) {
      assertFalse(
          Arrays.equals(
              Arrays.copyOfRange(base.hidden().get(2), t * d, (t + 1) * d),
              Arrays.copyOfRange(off.hidden().get(2), t * d, (t + 1) * d)),
          "position " + t);
    }
  }

  @Test
  void forcedSlotAppearsAtEveryPositionInPlaceOfTheLowestRanked() {
    Pass base = run(model, Intervention.none());
    int layer = 0;
    int slot = leastSelected(base, layer);
    Pass forced = run(model, Intervention.parse("--force " + layer + ":" + slot));
    for (int t = 0; t < T; t++) {
      long[] before = base.at(layer, t);
      long[] after = forced.at(layer, t);
      if (contains(before, slot)) {
        assertArrayEquals(before, after);
      } else {
        assertArrayEquals(Arrays.copyOf(before, K - 1), Arrays.copyOf(after, K - 1));
        assertEquals(slot, after[K - 1]);
      }
      float sum = 0;
      for (int j = 0; j < K; j++) {
        sum += forced.scores().get(layer)[t * K + j];
      }
      assertEquals(1f, sum, 1e-5f);
    }
    assertFalse(Arrays.equals(base.logits(), forced.logits()));
  }

  private static int leastSelected(Pass p, int layer) {
    int[] counts = new int[CFG.knowledgeNum()];
    for (long s : p.indices().get(layer)) {
      counts[(int) s]++;
    }
    for (int s = 0; s < counts.length; s++) {
      if (counts[s] == 0) {
        return s;
      }
    }
    throw new AssertionError("every slot selected");
  }

  @Test
  void inferUnderAnInterventionEqualsForwardWithAndWithoutACache() {
    Intervention iv =
        Intervention.parse(
            "--ablate 1:"
                + mostFrequentTopSlot(run(model, Intervention.none()), 1)
                + " --force 2:5");
    Pass full = run(model, iv);
    int v = CFG.vocabSize();
    try (NDManager scope = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(scope, false);
      InferenceOutput whole = model.infer(p, scope.create(IDS, new Shape(1, T)), 0, null, T, iv);
      assertArrayEquals(full.logits(), whole.logits().toFloatArray(), 1e-5f);
      for (int l = 0; l < CFG.nLayers(); l++) {
        assertArrayEquals(full.indices().get(l), whole.memoryIndices().get(l).toLongArray());
      }
      try (KvCache cache = new KvCache(scope, CFG, 1, CFG.maxSeqLen())) {
        model.infer(p, scope.create(Arrays.copyOf(IDS, 9), new Shape(1, 9)), 0, cache, 1, iv);
        for (int pos = 9; pos < T; pos++) {
          InferenceOutput step =
              model.infer(
                  p, scope.create(new long[] {IDS[pos]}, new Shape(1, 1)), pos, cache, 1, iv);
          assertArrayEquals(
              Arrays.copyOfRange(full.logits(), pos * v, (pos + 1) * v),
              step.logits().toFloatArray(),
              1e-5f,
              "position " + pos);
          for (int l = 0; l < CFG.nLayers(); l++) {
            assertArrayEquals(
                full.at(l, pos),
                step.memoryIndices().get(new NDIndex("{}, 0, 0", l)).toLongArray());
          }
        }
      }
    }
  }

  @Test
  void anInterventionIsCheckedAgainstTheModelAndRefusesGradients() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> run(model, Intervention.parse("--ablate 0:64")));
    assertTrue(e.getMessage().contains("knowledge_num is 64"), e.getMessage());
    try (NDManager scope = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(scope, true);
      assertThrows(
          IllegalArgumentException.class,
          () ->
              model.forward(
                  p,
                  scope.create(IDS, new Shape(1, T)),
                  ForwardOptions.evaluation()
                      .withIntervention(Intervention.parse("--ablate-layer 0"))));
    }
  }
}
