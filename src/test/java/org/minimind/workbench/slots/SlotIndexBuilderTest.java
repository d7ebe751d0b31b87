package org.minimind.workbench.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.InferenceOutput;
import org.minimind.workbench.model.LayerTrace;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;

/**
 * {@link SlotIndexBuilder} on a tiny model: its counts are what the block-by-block forward pass
 * selects, its contexts are the K best by score, and a context run again selects its slot.
 */
class SlotIndexBuilderTest {
  /** 64 slots, 3 layers, k = 3, max_seq_len 24. */
  static final ModelConfig CONFIG = new ModelConfig(32, 3, 4, 2, 50, 24, 0, 1e-5, 1e4, 64, 8, 3);

  static final int TOP_K = 4;

  /** Five whole chunks and a tail of 7. */
  static final int[] TOKENS = random(24 * 5 + 7, 50, 11);

  static MemoryLM model;
  static SlotIndex index;

  @BeforeAll
  static void build() {
    model = MemoryLM.initialize(CONFIG, Device.cpu(), 5);
    index =
        new SlotIndexBuilder(IndexSettings.DEFAULTS.withTopK(TOP_K).withBatch(2), null)
            .build(model, IndexCorpus.of("random", TOKENS), IndexedCheckpoint.unnamed("tiny"));
  }

  @AfterAll
  static void free() {
    model.close();
  }

  static int[] random(int n, int vocab, long seed) {
    Random r = new Random(seed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextInt(vocab);
    }
    return out;
  }

  /** One selection seen directly: layer, slot, position, score. */
  record Selection(int layer, int slot, int position, float score) {}

  /** Every selection of the stream, chunk by chunk through {@link MemoryLM#forward}. */
  static List<Selection> direct() {
    List<Selection> out = new ArrayList<>();
    int chunk = CONFIG.maxSeqLen();
    for (int start = 0; start < TOKENS.length; start += chunk) {
      int len = Math.min(chunk, TOKENS.length - start);
      long[] ids =
          Arrays.stream(Arrays.copyOfRange(TOKENS, start, start + len)).asLongStream().toArray();
      try (NDManager m = model.parameters().manager().newSubManager()) {
        BoundParameters p = model.bind(m, false);
        ForwardOutput f =
            model.forward(p, m.create(ids, new Shape(1, len)), ForwardOptions.evaluation());
        for (int l = 0; l < CONFIG.nLayers(); l++) {
          LayerTrace t = f.layers().get(l);
          long[] idx = t.memoryIndices().toLongArray(); // (1, T, k)
          float[] sc = t.memoryScores().toFloatArray();
          for (int i = 0; i < idx.length; i++) {
            out.add(new Selection(l, (int) idx[i], start + i / CONFIG.numSelected(), sc[i]));
          }
        }
      }
    }
    return out;
  }

  @Test
  void countsAreWhatTheForwardPassSelects() {
    List<Selection> all = direct();
    for (int l = 0; l < CONFIG.nLayers(); l++) {
      int[] expected = new int[CONFIG.knowledgeNum()];
      double[] sums = new double[CONFIG.knowledgeNum()];
      for (Selection s : all) {
        if (s.layer() == l) {
          expected[s.slot()]++;
          sums[s.slot()] += s.score();
        }
      }
      assertArrayEquals(expected, index.counts(l), "layer " + l);
      assertEquals((long) TOKENS.length * CONFIG.numSelected(), index.selections(l));
      for (int id = 0; id < CONFIG.knowledgeNum(); id++) {
        assertEquals(sums[id], index.slot(l, id).scoreSum(), 1e-4, "layer " + l + " slot " + id);
      }
    }
  }

  @Test
  void contextsAreTheKHighestScoresBestFirst() {
    List<Selection> all = direct();
    for (int l = 0; l < CONFIG.nLayers(); l++) {
      for (int id = 0; id < CONFIG.knowledgeNum(); id++) {
        int layer = l;
        int slot = id;
        List<Selection> best =
            all.stream()
                .filter(s -> s.layer() == layer && s.slot() == slot)
                .sorted(
                    Comparator.comparingDouble((Selection s) -> -s.score())
                        .thenComparingInt(Selection::position))
                .limit(TOP_K)
                .toList();
        IndexedSlot got = index.slot(l, id);
        assertEquals(best.size(), got.contexts().size(), "layer " + l + " slot " + id);
        assertTrue(got.contexts().size() <= TOP_K);
        for (int i = 0; i < best.size(); i++) {
          assertEquals(
              best.get(i).position(),
              got.contexts().get(i).position(),
              "layer " + l + " slot " + id + " context " + i);
          assertEquals(best.get(i).score(), got.contexts().get(i).score(), 1e-5);
        }
        if (!best.isEmpty()) {
          assertEquals(best.get(0).score(), got.maxScore(), 1e-5);
        }
      }
    }
  }

  @Test
  void aContextRunAgainSelectsItsSlotAtItsLastPosition() {
    int checked = 0;
    for (int l = 0; l < CONFIG.nLayers(); l++) {
      for (int id : index.mostSelected(l, 5)) {
        for (SlotContext c : index.slot(l, id).contexts()) {
          assertEquals(TOKENS[c.position()], c.prefix()[c.prefix().length - 1]);
          assertEquals(TOKENS[c.position()], c.token());
          long[] ids = Arrays.stream(c.prefix()).asLongStream().toArray();
          try (NDManager m = model.parameters().manager().newSubManager()) {
            InferenceOutput out =
                model.infer(
                    model.bind(m, false), m.create(ids, new Shape(1, ids.length)), 0, null, 1);
            long[] chosen = out.memoryIndices().get(l).toLongArray(); // (1, T, k)
            long[] last =
                Arrays.copyOfRange(chosen, chosen.length - CONFIG.numSelected(), chosen.length);
            assertTrue(
                Arrays.stream(last).anyMatch(s -> s == id),
                "layer "
                    + l
                    + " slot "
                    + id
                    + " at "
                    + c.position()
                    + ": "
                    + Arrays.toString(last));
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 10);
  }

  @Test
  void ranksOrderSlotsByCountAndSharesSumToOne() {
    for (int l = 0; l < CONFIG.nLayers(); l++) {
      double share = 0;
      int[] top = index.mostSelected(l, CONFIG.knowledgeNum());
      for (int r = 0; r < top.length; r++) {
        IndexedSlot s = index.slot(l, top[r]);
        assertEquals(r + 1, s.rank());
        if (r > 0) {
          assertTrue(index.slot(l, top[r - 1]).count() >= s.count());
        }
        share += s.share();
      }
      assertEquals(1.0, share, 1e-9);
    }
    IndexedSlot s = index.slot(0, 19);
    assertEquals(19 / 8, s.row());
    assertEquals(19 % 8, s.column());
  }

  @Test
  void aContextIsItsChunksPrefix() {
    SlotContext c = index.context(24 * 2 + 5, 0.5f);
    assertArrayEquals(Arrays.copyOfRange(TOKENS, 48, 54), c.prefix());
    assertEquals(TOKENS[53], c.window()[c.windowIndex()]);
  }

  @Test
  void cancellingStopsBeforeTheNextBatch() {
    long[] seen = {0};
    SlotIndexBuilder[] b = new SlotIndexBuilder[1];
    b[0] =
        new SlotIndexBuilder(
            IndexSettings.DEFAULTS.withBatch(1),
            (done, total) -> {
              seen[0] = done;
              b[0].cancel();
            });
    assertThrows(
        CancellationException.class,
        () -> b[0].build(model, IndexCorpus.of("random", TOKENS), IndexedCheckpoint.unnamed("x")));
    assertEquals(CONFIG.maxSeqLen(), seen[0]);
  }

  @Test
  void settingsAndInputsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> IndexSettings.DEFAULTS.withTopK(0));
    assertThrows(IllegalArgumentException.class, () -> IndexCorpus.of("empty", new int[0]));
    SlotIndexBuilder longChunks =
        new SlotIndexBuilder(IndexSettings.DEFAULTS.withChunkLength(25), null);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            longChunks.build(
                model, IndexCorpus.of("random", TOKENS), IndexedCheckpoint.unnamed("x")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SlotIndexBuilder(IndexSettings.DEFAULTS, null)
                .build(
                    model,
                    IndexCorpus.of("big ids", new int[] {1, 2, 50}),
                    IndexedCheckpoint.unnamed("x")));
  }
}
