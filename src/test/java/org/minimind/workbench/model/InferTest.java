package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryLM#infer}, generation's pass (one engine call for the continuous memory), computes
 * what {@link MemoryLM#forward} does: the same last logits and the same slots, with and without a
 * cache, for both memory variants.
 */
class InferTest {
  static final ModelConfig CONTINUOUS =
      new ModelConfig(32, 3, 4, 2, 50, 24, 0, 1e-5, 1e4, 64, 8, 3);
  static final ModelConfig TOKEN = CONTINUOUS.withMemoryVariant(MemoryVariant.TOKEN);
  static final long[] IDS = {3, 17, 42, 8, 8, 0, 49, 21, 5, 13};

  @Test
  void theContinuousMemoryInOneCallEqualsTheBlockByBlockPass() {
    check(CONTINUOUS);
  }

  @Test
  void theTokenMemoryEqualsTheBlockByBlockPass() {
    check(TOKEN);
  }

  private static void check(ModelConfig cfg) {
    try (MemoryLM model = MemoryLM.initialize(cfg, Device.cpu(), 7);
        NDManager m = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(m, false);
      int t = IDS.length;
      ForwardOutput full =
          model.forward(p, m.create(IDS, new Shape(1, t)), ForwardOptions.evaluation());

      // Whole sequence, the last three positions' logits.
      InferenceOutput whole = model.infer(p, m.create(IDS, new Shape(1, t)), 0, null, 3);
      assertEquals(new Shape(1, 3, cfg.vocabSize()), whole.logits().getShape());
      assertArrayEquals(
          full.logits().get(new NDIndex(":, {}:", t - 3)).toFloatArray(),
          whole.logits().toFloatArray(),
          1e-5f);
      assertEquals(
          new Shape(cfg.nLayers(), 1, t, cfg.numSelected()), whole.memoryIndices().getShape());
      for (int l = 0; l < cfg.nLayers(); l++) {
        LayerTrace layer = full.layers().get(l);
        assertArrayEquals(
            layer.memoryIndices().toLongArray(),
            whole.memoryIndices().get(l).toLongArray(),
            "layer " + l);
        assertArrayEquals(
            layer.memoryScores().toFloatArray(),
            whole.memoryScores().get(l).toFloatArray(),
            1e-6f,
            "layer " + l);
      }

      // With a cache: seven positions, then the other three one at a time.
      try (KvCache cache = new KvCache(m, cfg, 1, cfg.maxSeqLen())) {
        model.infer(p, m.create(java.util.Arrays.copyOf(IDS, 7), new Shape(1, 7)), 0, cache, 1);
        for (int pos = 7; pos < t; pos++) {
          InferenceOutput step =
              model.infer(p, m.create(new long[] {IDS[pos]}, new Shape(1, 1)), pos, cache, 1);
          assertArrayEquals(
              full.logits().get(new NDIndex("0, {}", pos)).toFloatArray(),
              step.logits().toFloatArray(),
              1e-5f,
              "position " + pos);
          for (int l = 0; l < cfg.nLayers(); l++) {
            assertArrayEquals(
                full.layers().get(l).memoryIndices().get(new NDIndex("0, {}", pos)).toLongArray(),
                step.memoryIndices().get(l).toLongArray(),
                "position " + pos + ", layer " + l);
          }
        }
        assertEquals(t, cache.length());
      }
    }
  }

  @Test
  void refusesParametersBoundForTraining() {
    try (MemoryLM model = MemoryLM.initialize(CONTINUOUS, Device.cpu(), 7);
        NDManager m = model.parameters().manager().newSubManager()) {
      NDArray ids = m.create(IDS, new Shape(1, IDS.length));
      BoundParameters trainable = model.bind(m, true);
      assertThrows(IllegalArgumentException.class, () -> model.infer(trainable, ids, 0, null, 1));
      BoundParameters frozen = model.bind(m, false);
      assertThrows(IllegalArgumentException.class, () -> model.infer(frozen, ids, 0, null, 0));
      assertThrows(
          IllegalArgumentException.class, () -> model.infer(frozen, ids, 0, null, IDS.length + 1));
    }
  }
}
