package org.minimind.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.ParameterSet;

class AdamWTest {
  @Test
  void matchesTorchsFormulaAndSkipsParametersWithoutGradient() {
    AdamW.Settings s = new AdamW.Settings(0.1, 0.9, 0.95, 1e-8, 0.1);
    try (ParameterSet params = new ParameterSet(Device.cpu());
        NDManager m = NDManager.newBaseManager();
        AdamW opt = new AdamW(m, s)) {
      params.register("w", params.manager().create(new float[] {1f, -2f}, new Shape(2)));
      params.register("unused", params.manager().create(new float[] {3f}, new Shape(1)));
      double[] p = {1, -2};
      double[] mom = new double[2];
      double[] vel = new double[2];
      for (int t = 1; t <= 3; t++) {
        try (NDManager pass = m.newSubManager()) {
          BoundParameters b = params.bind(pass, true);
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray w = b.get("w");
            gc.backward(w.mul(w).sum()); // grad = 2w
          }
          opt.step(params, b.gradients(), s.lr());
        }
        for (int i = 0; i < 2; i++) {
          double g = 2 * p[i];
          p[i] *= 1 - s.lr() * s.weightDecay();
          mom[i] = 0.9 * mom[i] + 0.1 * g;
          vel[i] = 0.95 * vel[i] + 0.05 * g * g;
          double denom = Math.sqrt(vel[i]) / Math.sqrt(1 - Math.pow(0.95, t)) + s.eps();
          p[i] -= s.lr() / (1 - Math.pow(0.9, t)) * mom[i] / denom;
        }
      }
      float[] got = params.get("w").toFloatArray();
      assertEquals(p[0], got[0], 1e-5);
      assertEquals(p[1], got[1], 1e-5);
      assertArrayEquals(
          new float[] {3f},
          params.get("unused").toFloatArray(),
          "a parameter without gradient gets neither update nor weight decay");
      assertEquals(3L, opt.steps().get("w"));
      assertEquals(null, opt.steps().get("unused"));
    }
  }
}
