package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** {@link MemoryLM#forwardAt}: each row's logits at its own position, as the full pass has them. */
class ForwardAtTest {
  @Test
  void eachRowsLogitsAtItsPositionAreTheFullPassesOnes() {
    ModelConfig cfg = InferTest.CONTINUOUS;
    long[] ids = new long[3 * 10];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (i * 7 + 3) % cfg.vocabSize();
    }
    int[] positions = {9, 0, 4};
    try (MemoryLM model = MemoryLM.initialize(cfg, Device.cpu(), 2);
        NDManager m = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(m, false);
      for (Intervention iv :
          new Intervention[] {
            Intervention.none(), Intervention.parse("--ablate 1:3,1:40 --ablate-layer 2")
          }) {
        ForwardOptions opt = ForwardOptions.evaluation().withIntervention(iv);
        ForwardOutput full = model.forward(p, m.create(ids, new Shape(3, 10)), opt);
        ForwardOutput at = model.forwardAt(p, m.create(ids, new Shape(3, 10)), positions, opt);
        assertEquals(new Shape(3, 1, cfg.vocabSize()), at.logits().getShape());
        for (int r = 0; r < 3; r++) {
          assertArrayEquals(
              full.logits().get(new NDIndex("{}, {}", r, positions[r])).toFloatArray(),
              at.logits().get(new NDIndex("{}, 0", r)).toFloatArray(),
              1e-5f,
              "row " + r);
        }
        for (int l = 0; l < cfg.nLayers(); l++) {
          assertArrayEquals(
              full.layers().get(l).memoryIndices().toLongArray(),
              at.layers().get(l).memoryIndices().toLongArray());
        }
      }
      assertThrows(
          IllegalArgumentException.class,
          () ->
              model.forwardAt(
                  p,
                  m.create(ids, new Shape(3, 10)),
                  new int[] {1, 10, 2},
                  ForwardOptions.evaluation()));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              model.forwardAt(
                  p,
                  m.create(ids, new Shape(3, 10)),
                  new int[] {1, 2},
                  ForwardOptions.evaluation()));
    }
  }
}
