package org.minimind.workbench.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.train.Evaluation;

/** {@link InterventionEvaluation}: the change, its spread, and each layer's part alone. */
class InterventionEvaluationTest {
  static final ModelConfig CFG = new ModelConfig(32, 3, 4, 2, 50, 24, 0, 1e-5, 1e4, 64, 8, 3);
  static final int ROWS = 2;
  static final int SEQ = 12;

  private static List<long[]> batches(int n) {
    Random r = new Random(3);
    List<long[]> out = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      long[] ids = new long[ROWS * (SEQ + 1)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = r.nextInt(CFG.vocabSize());
      }
      out.add(ids);
    }
    return out;
  }

  @Test
  void theChangeIsTheMeanPerBatchDifferenceWithItsSpread() {
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 4)) {
      List<long[]> batches = batches(3);
      Intervention iv = Intervention.parse("--ablate-layer 0 --force 2:9");
      InterventionEvaluation.Result r =
          InterventionEvaluation.evaluate(model, batches, ROWS, SEQ, iv);
      double[] d = new double[3];
      double base = 0;
      for (int b = 0; b < 3; b++) {
        double plain = Evaluation.crossEntropy(model, batches.get(b), ROWS, SEQ);
        d[b] = Evaluation.crossEntropy(model, batches.get(b), ROWS, SEQ, iv) - plain;
        base += plain / 3;
      }
      double mean = (d[0] + d[1] + d[2]) / 3;
      double var = 0;
      for (double x : d) {
        var += (x - mean) * (x - mean) / 2;
      }
      assertEquals(base, r.baseline(), 1e-9);
      assertEquals(mean, r.whole().delta(), 1e-9);
      assertTrue(r.whole().delta() != 0);
      assertEquals(Math.sqrt(var), r.whole().deltaStd(), 1e-9);
      assertEquals(Math.sqrt(var / 3), r.whole().deltaStandardError(), 1e-9);
      assertEquals(r.baseline() + r.whole().delta(), r.whole().crossEntropy(), 1e-9);
      assertEquals(2, r.perLayer().size());
      assertEquals("--ablate-layer 0", r.perLayer().get(0).intervention().toString());
      assertEquals("--force 2:9", r.perLayer().get(1).intervention().toString());
      assertEquals(3, r.batches());
    }
  }

  @Test
  void oneBatchHasNoSpreadAndNoBatchesAreRefused() {
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 4)) {
      InterventionEvaluation.Result r =
          InterventionEvaluation.evaluate(
              model, batches(1), ROWS, SEQ, Intervention.parse("--ablate-layer 1"));
      assertEquals(0.0, r.whole().deltaStd());
      assertEquals(0.0, r.whole().deltaStandardError());
      assertThrows(
          IllegalArgumentException.class,
          () -> InterventionEvaluation.evaluate(model, List.of(), ROWS, SEQ, Intervention.none()));
    }
  }
}
