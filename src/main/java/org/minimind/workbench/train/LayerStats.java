package org.minimind.workbench.train;

import org.minimind.workbench.model.MemoryUsage;

/**
 * One layer's slot-usage statistics at a logged step, as plain numbers (see {@link MemoryUsage}).
 */
public record LayerStats(
    double gini,
    double kl,
    double coverage,
    double hot,
    double dead,
    double selectionVariance,
    double maxSelections,
    double minSelections) {

  public static LayerStats of(MemoryUsage u) {
    return new LayerStats(
        u.giniCoefficient(),
        u.klDivergence(),
        u.coverageRate(),
        u.hotMemories(),
        u.deadMemories(),
        u.selectionVariance(),
        u.maxSelections(),
        u.minSelections());
  }
}
