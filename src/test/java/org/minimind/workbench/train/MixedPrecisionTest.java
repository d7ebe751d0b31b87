package org.minimind.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.Precision;

/**
 * Training passes in bfloat16 ({@link Precision#BF16}, the seed's autocast): the logits stay within
 * bfloat16 rounding of float32's and come back as float32, the master weights and their gradients
 * stay float32, and a run of such steps lowers the loss as a float32 run does.
 */
class MixedPrecisionTest {
  static final ModelConfig CFG = new ModelConfig(64, 2, 4, 2, 96, 32, 0, 1e-5, 1e4, 64, 8, 4);
  static final long[] IDS = {3, 17, 42, 8, 8, 0, 49, 21, 5, 13, 77, 90, 2, 64, 31, 9};

  /**
   * Where the gates of every layer chose the same slots in both formats, at the position and every
   * one before it, the logits differ by bfloat16 rounding only; elsewhere a gate took another slot
   * (two candidates' scores closer than bfloat16 resolves), as the seed's autocast does too, and
   * the positions differ by more.
   */
  @Test
  void bf16LogitsAreFloat32WithinBfloat16RoundingWhereTheGatesAgree() {
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 3);
        NDManager m = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(m, true);
      NDArray ids = m.create(IDS, new Shape(2, IDS.length / 2));
      ForwardOutput fp32 = model.forward(p, ids, ForwardOptions.train());
      ForwardOutput bf16 =
          model.forward(p, ids, ForwardOptions.train().withPrecision(Precision.BF16));
      assertEquals(DataType.FLOAT32, bf16.logits().getDataType());
      int positions = IDS.length;
      int k = CFG.numSelected();
      boolean[] agree = new boolean[positions];
      java.util.Arrays.fill(agree, true);
      for (int l = 0; l < CFG.nLayers(); l++) {
        long[] x = fp32.layers().get(l).memoryIndices().toLongArray();
        long[] y = bf16.layers().get(l).memoryIndices().toLongArray();
        for (int i = 0; i < x.length; i++) {
          agree[i / k] &= x[i] == y[i];
        }
      }
      // a position also reads the earlier ones through attention: it counts when its whole
      // prefix in its row agrees
      int t0 = IDS.length / 2;
      for (int t = 0; t < positions; t++) {
        if (t % t0 > 0) {
          agree[t] &= agree[t - 1];
        }
      }
      float[] a = fp32.logits().toFloatArray();
      float[] b = bf16.logits().toFloatArray();
      int v = CFG.vocabSize();
      int agreeing = 0;
      double scale = 0;
      double worst = 0;
      boolean differs = false;
      for (int t = 0; t < positions; t++) {
        if (!agree[t]) {
          continue;
        }
        agreeing++;
        for (int j = t * v; j < (t + 1) * v; j++) {
          scale = Math.max(scale, Math.abs(a[j]));
          worst = Math.max(worst, Math.abs(a[j] - b[j]));
          differs |= a[j] != b[j];
        }
      }
      assertTrue(agreeing >= 2, agreeing + " of " + positions + " positions agree");
      assertTrue(differs, "the bf16 pass computed in float32");
      // bfloat16 keeps 8 bits of mantissa: a few of its units of rounding, through two layers
      assertTrue(worst < 0.05 * scale, "max |d| " + worst + " against logits up to " + scale);
    }
  }

  @Test
  void gradientsOfTheMasterWeightsStayFloat32() {
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 3);
        NDManager m = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(m, true);
      NDArray ids = m.create(IDS, new Shape(2, IDS.length / 2));
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        ForwardOutput out =
            model.forward(p, ids, ForwardOptions.train().withPrecision(Precision.BF16));
        gc.backward(out.logits().mean());
      }
      NDArray wq = p.get("layers.0.attention.wq.weight");
      assertEquals(DataType.FLOAT32, wq.getDataType());
      assertEquals(DataType.FLOAT32, wq.getGradient().getDataType());
      assertNotEquals(0f, wq.getGradient().abs().sum().getFloat());
    }
  }

  @Test
  void aBf16RunLowersTheLossAsAFloat32RunDoes() {
    double[] last = new double[2];
    Precision[] precisions = {Precision.FP32, Precision.BF16};
    for (int i = 0; i < 2; i++) {
      TrainSettings s = RandomTokenRun.settings(40, 4, 7).withLr(3e-3).withPrecision(precisions[i]);
      try (RandomTokenRun run = RandomTokenRun.open(CFG, null, s, 16, Device.cpu())) {
        TrainingSummary summary = run.trainer().run();
        assertEquals(TrainingSummary.Reason.MAX_STEPS, summary.reason(), "" + summary.error());
        last[i] = summary.lastLoss();
      }
    }
    assertTrue(Double.isFinite(last[1]));
    assertTrue(
        Math.abs(last[1] - last[0]) < 0.05 * last[0], "fp32 " + last[0] + ", bf16 " + last[1]);
  }

  @Test
  void precisionIsParsedByName() {
    assertEquals(Precision.BF16, Precision.parse(" BF16 "));
    assertEquals("fp32", Precision.FP32.toString());
    assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
  }
}
