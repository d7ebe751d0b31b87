package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.metrics.ProcessMemory;

/** Every array a pass creates must be closed with the pass: native memory stays flat. */
class NativeMemoryTest {
  static final ModelConfig CFG = new ModelConfig(64, 2, 4, 2, 512, 64, 0, 1e-5, 1e6, 1024, 16, 4);

  @Test
  void twoHundredForwardPassesLeaveNativeMemoryFlat() {
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 3)) {
      NDManager params = model.parameters().manager();
      int arraysBefore = countArrays(params);
      double rssAfterWarmup = 0;
      for (int i = 0; i < 200; i++) {
        try (NDManager pass = params.newSubManager()) {
          NDArray ids = pass.randomInteger(0, CFG.vocabSize(), new Shape(4, 64), DataType.INT64);
          ForwardOutput out =
              model.forward(model.bind(pass, false), ids, ForwardOptions.evaluation());
          out.logits().sum().getFloat();
        }
        if (i == 19) {
          rssAfterWarmup = ProcessMemory.residentGiB();
        }
      }
      assertEquals(arraysBefore, countArrays(params), "arrays left attached to the model");
      double growthMiB = (ProcessMemory.residentGiB() - rssAfterWarmup) * 1024;
      // One leaked pass keeps ~4 MiB of activations; 180 leaked passes would be hundreds of MiB.
      assertTrue(growthMiB < 64, "resident memory grew by " + growthMiB + " MiB");
    }
  }

  @Test
  void trainingPassesAreClosedToo() {
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 3)) {
      NDManager params = model.parameters().manager();
      int arraysBefore = countArrays(params);
      for (int i = 0; i < 20; i++) {
        try (NDManager pass = params.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray ids = pass.randomInteger(0, CFG.vocabSize(), new Shape(2, 33), DataType.INT64);
          BoundParameters p = model.bind(pass, true);
          ForwardOutput out = model.forward(p, ids, ForwardOptions.train());
          gc.backward(out.logits().mean());
          p.gradientNorms();
        }
      }
      assertEquals(arraysBefore, countArrays(params));
    }
  }

  /** Arrays attached to a manager and all its sub-managers. */
  static int countArrays(NDManager m) {
    return m.getManagedArrays().size();
  }
}
