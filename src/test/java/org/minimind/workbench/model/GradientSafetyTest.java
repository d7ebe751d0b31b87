package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Garbage collection between the forward and the backward pass must not change gradients: nothing
 * autograd keeps may live in memory the JVM can free (see {@link Ops#scalar}).
 */
class GradientSafetyTest {
  static final ModelConfig CFG = new ModelConfig(32, 2, 4, 2, 97, 24, 0, 1e-5, 1e4, 64, 8, 3);

  @Test
  void gradientsDoNotDependOnGarbageCollection() throws InterruptedException {
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 11)) {
      Map<String, float[]> quiet = gradients(model, false);
      Map<String, float[]> collected = gradients(model, true);
      for (Map.Entry<String, float[]> e : quiet.entrySet()) {
        float[] g = collected.get(e.getKey());
        for (float v : g) {
          assertTrue(Float.isFinite(v), e.getKey() + " has a non-finite gradient");
        }
        assertArrayEquals(e.getValue(), g, 1e-6f, e.getKey());
      }
    }
  }

  private static Map<String, float[]> gradients(MemoryLM model, boolean collect)
      throws InterruptedException {
    Map<String, float[]> grads = new LinkedHashMap<>();
    try (NDManager pass = model.parameters().manager().newSubManager()) {
      long[] ids = new long[2 * 17];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (i * 7 + 3) % CFG.vocabSize();
      }
      NDArray batch = pass.create(ids, new Shape(2, 17));
      BoundParameters p = model.bind(pass, true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        ForwardOutput out =
            model.forward(p, batch.get(new NDIndex(":, :-1")), ForwardOptions.train());
        NDArray loss = MemoryLM.crossEntropy(out.logits(), batch.get(new NDIndex(":, 1:")));
        if (collect) {
          for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
          }
        }
        gc.backward(loss);
      }
      for (String name : model.parameters().names()) {
        p.gradient(name).ifPresent(g -> grads.put(name, g.toFloatArray()));
      }
    }
    return grads;
  }
}
