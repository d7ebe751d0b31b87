package org.minimind.workbench.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slot-usage statistics of one layer's memory gate for one forward pass, exactly as the seed's
 * {@code MemoryGate._compute_balance_loss_and_stats} defines them, computed from the selection
 * counts.
 *
 * <p>The seed builds its balance loss from these counts ({@code scatter_add_} of ones), so the loss
 * is a constant with no gradient. It is reproduced as a number: adding it to the training loss
 * changes the reported loss, never the update. Arithmetic follows the seed's float32 where that
 * decides a result (the probabilities, the quantile's rank).
 *
 * @param counts selections per slot (length N)
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
    int[] counts,
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

  /** Counts the selected slot ids of one pass (any shape, flattened) and derives the stats. */
  public static MemoryUsage fromIndices(long[] indices, int knowledgeNum) {
    int[] counts = new int[knowledgeNum];
    for (long i : indices) {
      if (i < 0 || i >= knowledgeNum) {
        throw new IllegalArgumentException(
            "slot index " + i + " outside the memory bank (" + knowledgeNum + " slots)");
      }
      counts[(int) i]++;
    }
    return fromCounts(counts, indices.length);
  }

  /** Derives the stats from per-slot counts whose sum is {@code totalSelections}. */
  public static MemoryUsage fromCounts(int[] counts, long totalSelections) {
    int n = counts.length;
    float total = (float) totalSelections;
    float uniform = (float) (1.0 / n);
    double logUniform = Math.log(uniform);
    double kl = 0;
    double sumP = 0;
    int covered = 0;
    long sumCounts = 0;
    int max = Integer.MIN_VALUE;
    int min = Integer.MAX_VALUE;
    for (int c : counts) {
      float p = c / total; // memory_probs (float32)
      float safe = p + 1e-10f; // memory_probs + 1e-10
      kl += uniform * (logUniform - Math.log(safe));
      sumP += p;
      if (c > 0) {
        covered++;
      }
      sumCounts += c;
      max = Math.max(max, c);
      min = Math.min(min, c);
    }
    int[] sorted = counts.clone();
    Arrays.sort(sorted);
    // gini = 2 * sum(i * p_sorted) / (n * sum(p)) - (n + 1) / n, with i = 1..n
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      weighted += (i + 1) * (double) (sorted[i] / total);
    }
    double gini = 2 * weighted / (n * sumP) - (n + 1.0) / n;

    double mean = (double) sumCounts / n;
    double squares = 0;
    for (int c : counts) {
      squares += (c - mean) * (c - mean);
    }
    double variance = n > 1 ? squares / (n - 1) : Double.NaN;

    double threshold = quantile(sorted, 0.9f);
    long hot = 0;
    long dead = 0;
    for (int c : counts) {
      if (c >= threshold) {
        hot++;
      }
      if (c == 0) {
        dead++;
      }
    }
    double balance = 0.5 * kl + 0.5 * gini;
    return new MemoryUsage(
        counts, totalSelections, gini, kl, (double) covered / n, hot, dead, variance, max, min,
        balance);
  }

  /** {@code torch.quantile(x, q)} with linear interpolation, on sorted values; rank in float32. */
  static double quantile(int[] sorted, float q) {
    float rank = q * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    float frac = rank - lo;
    return sorted[lo] + frac * (double) (sorted[hi] - sorted[lo]);
  }

  /** The stat values under the seed's names. */
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
