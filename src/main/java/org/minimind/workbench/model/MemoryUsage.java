package org.minimind.workbench.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slot-usage statistics of one layer's memory gate for one forward pass, as the seed's {@code
 * MemoryGate._compute_balance_loss_and_stats} defines them (computed by {@link Kernels#slotUsage}
 * with the seed's own tensor operations).
 *
 * <p>The seed builds its balance loss from selection counts ({@code scatter_add_} of ones), so the
 * loss is a constant with no gradient. It is reproduced as a number: adding it to the training loss
 * changes the reported loss, never the update.
 *
 * @param totalSelections B * T * k
 * @param giniCoefficient Gini of slot usage (0 = uniform, 1 = one slot takes all)
 * @param klDivergence KL(uniform || usage), {@code F.kl_div(log(p + 1e-10), 1/N, 'sum')}
 * @param coverageRate share of slots selected at least once
 * @param hotMemories slots at or above the 0.9 quantile of the counts (torch.quantile, linear)
 * @param deadMemories slots never selected
 * @param selectionVariance unbiased variance of the counts
 * @param maxSelections largest count
 * @param minSelections smallest count
 * @param balanceLoss {@code 0.5 * kl + 0.5 * gini}
 */
public record MemoryUsage(
    long totalSelections,
    double giniCoefficient,
    double klDivergence,
    double coverageRate,
    long hotMemories,
    long deadMemories,
    double selectionVariance,
    double maxSelections,
    double minSelections,
    double balanceLoss) {

  /** The seed's stat names, in the seed's order (prefix with {@code layer_i_}). */
  public static final String[] STAT_NAMES = {
    "gini_coefficient",
    "kl_divergence",
    "coverage_rate",
    "hot_memories",
    "dead_memories",
    "selection_variance",
    "max_selections",
    "min_selections"
  };

  /** The values under the seed's names. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("gini_coefficient", giniCoefficient);
    m.put("kl_divergence", klDivergence);
    m.put("coverage_rate", coverageRate);
    m.put("hot_memories", (double) hotMemories);
    m.put("dead_memories", (double) deadMemories);
    m.put("selection_variance", selectionVariance);
    m.put("max_selections", maxSelections);
    m.put("min_selections", minSelections);
    return m;
  }
}
