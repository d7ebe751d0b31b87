package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Changing token t+1 must leave every output at positions up to t unchanged. */
class CausalityTest {
  static final ModelConfig CFG = new ModelConfig(32, 2, 4, 2, 97, 24, 0, 1e-5, 1e4, 64, 8, 3);

  @Test
  void futureTokensDoNotChangeThePast() {
    int t = 12;
    int cut = 7; // tokens from position cut on are changed
    long[] a = new long[t];
    long[] b = new long[t];
    for (int i = 0; i < t; i++) {
      a[i] = (i * 31 + 5) % CFG.vocabSize();
      b[i] = i < cut ? a[i] : (a[i] + 13) % CFG.vocabSize();
    }
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 7);
        NDManager m = NDManager.newBaseManager()) {
      Outputs oa = run(model, m, a);
      Outputs ob = run(model, m, b);
      NDIndex past = new NDIndex(":, :{}", cut);
      assertArrayEquals(
          oa.logits.get(past).toFloatArray(),
          ob.logits.get(past).toFloatArray(),
          0f,
          "logits before the change");
      for (int l = 0; l < CFG.nLayers(); l++) {
        assertArrayEquals(
            oa.indices[l].get(past).toLongArray(),
            ob.indices[l].get(past).toLongArray(),
            "layer " + l + " slots before the change");
      }
      // The change must be visible from position cut on, or the test proves nothing.
      NDIndex future = new NDIndex(":, {}:", cut);
      assertFalse(
          Arrays.equals(
              oa.logits.get(future).toFloatArray(), ob.logits.get(future).toFloatArray()));
    }
  }

  private record Outputs(NDArray logits, NDArray[] indices) {}

  private static Outputs run(MemoryLM model, NDManager m, long[] ids) {
    NDArray input = m.create(ids, new Shape(1, ids.length));
    ForwardOutput out = model.forward(model.bind(m, false), input, ForwardOptions.evaluation());
    NDArray[] idx = new NDArray[out.layers().size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = out.layers().get(i).memoryIndices();
    }
    return new Outputs(out.logits(), idx);
  }
}
