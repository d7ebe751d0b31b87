package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphDecoder}'s fixed-shape pass (the one a CUDA graph records) computes what the model's
 * own pass does for each new token: the same logits and slots, position after position, with the
 * cache filled the same way. Here it runs call by call on the CPU; the GPU script compares the
 * replayed graph with the same reference.
 */
class GraphDecoderTest {
  static final long[] IDS = {3, 17, 42, 8, 8, 0, 49, 21, 5, 13, 13, 2};

  @Test
  void eachDecodedTokenEqualsTheFullPassAtItsPosition() {
    ModelConfig cfg = InferTest.CONTINUOUS;
    try (MemoryLM model = MemoryLM.initialize(cfg, Device.cpu(), 11);
        NDManager m = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(m, false);
      int t = IDS.length;
      ForwardOutput full =
          model.forward(p, m.create(IDS, new Shape(1, t)), ForwardOptions.evaluation());
      try (KvCache cache = new KvCache(m, cfg, 1, cfg.maxSeqLen());
          GraphDecoder decoder = model.decoder(p, cache, true).orElseThrow()) {
        assertFalse(decoder.replaying(), "no graph on the CPU");
        model.infer(p, m.create(Arrays.copyOf(IDS, 5), new Shape(1, 5)), 0, cache, 1);
        for (int pos = 5; pos < t; pos++) {
          InferenceOutput step = decoder.step(m, IDS[pos]);
          assertEquals(new Shape(1, 1, cfg.vocabSize()), step.logits().getShape());
          assertArrayEquals(
              full.logits().get(new NDIndex("0, {}", pos)).toFloatArray(),
              step.logits().toFloatArray(),
              1e-5f,
              "position " + pos);
          for (int l = 0; l < cfg.nLayers(); l++) {
            LayerTrace layer = full.layers().get(l);
            assertArrayEquals(
                layer.memoryIndices().get(new NDIndex("0, {}", pos)).toLongArray(),
                step.memoryIndices().get(l).toLongArray(),
                "position " + pos + ", layer " + l);
            assertArrayEquals(
                layer.memoryScores().get(new NDIndex("0, {}", pos)).toFloatArray(),
                step.memoryScores().get(l).toFloatArray(),
                1e-5f,
                "position " + pos);
          }
        }
        assertEquals(t, cache.length());
      }
    }
  }

  @Test
  void theTokenMemoryHasNoDecoder() {
    ModelConfig cfg = InferTest.TOKEN;
    try (MemoryLM model = MemoryLM.initialize(cfg, Device.cpu(), 11);
        NDManager m = model.parameters().manager().newSubManager();
        KvCache cache = new KvCache(m, cfg, 1, cfg.maxSeqLen())) {
      assertTrue(model.decoder(model.bind(m, false), cache, true).isEmpty());
    }
  }

  @Test
  void withoutAGraphTheDecoderIsOnlyMadeWhenAskedFor() {
    ModelConfig cfg = InferTest.CONTINUOUS;
    try (MemoryLM model = MemoryLM.initialize(cfg, Device.cpu(), 11);
        NDManager m = model.parameters().manager().newSubManager();
        KvCache cache = new KvCache(m, cfg, 1, cfg.maxSeqLen())) {
      assertTrue(model.decoder(model.bind(m, false), cache, false).isEmpty());
    }
  }
}
