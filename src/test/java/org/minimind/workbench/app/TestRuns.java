package org.minimind.workbench.app;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.minimind.workbench.app.run.MetricColumns;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.model.MemoryDrift;
import org.minimind.workbench.train.LayerStats;
import org.minimind.workbench.train.ParameterGroup;
import org.minimind.workbench.train.StepMetrics;

/** Synthetic training metrics: what the trainer reports, without training. */
public final class TestRuns {
  private TestRuns() {}

  /**
   * A logged step with {@code layers} layers; the memory gate has no gradient (null), as in the
   * seed's design; validation every 10 steps.
   */
  public static StepMetrics step(long step, int layers) {
    List<LayerStats> stats = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      double g = 0.9 - 0.1 * l + 0.01 * Math.sin(step);
      stats.add(new LayerStats(g, 10 + l, 0.3 + 0.1 * l, 100 + l, 700 - step % 50, 50 + l, 30, 0));
    }
    Map<ParameterGroup, Double> norms = new EnumMap<>(ParameterGroup.class);
    norms.put(ParameterGroup.ATTENTION, 1.0 + 1.0 / step);
    norms.put(ParameterGroup.MEMORY_GATE, null);
    norms.put(ParameterGroup.FUSION, 0.5);
    norms.put(ParameterGroup.MEMORY_BANK, 0.01);
    norms.put(ParameterGroup.EMBEDDINGS, 0.8);
    double loss = 6 + 4.0 / Math.sqrt(step);
    return new StepMetrics(
        step,
        step * 512,
        loss + 10,
        loss,
        10,
        5e-4,
        2500,
        1.2,
        stats,
        new MemoryDrift(1e-3 / step, 2e-3 / step, 0.999, 0.1, 100),
        norms,
        step % 10 == 0 ? loss + 0.1 : Double.NaN,
        step * 0.2);
  }

  /** A run of {@code steps} logged steps (1..steps). */
  public static RunHistory history(String name, int steps, int layers) {
    RunHistory h = new RunHistory(name, null);
    for (int s = 1; s <= steps; s++) {
      h.append(MetricColumns.row(step(s, layers)));
    }
    return h;
  }
}
