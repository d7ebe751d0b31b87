package org.minimind.workbench.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much the memory bank moved since the last measurement, as the seed's {@code
 * get_memory_update_stats} reports it.
 *
 * @param avgL2Change mean over slots of the L2 distance between a slot's new and old vector
 * @param maxL2Change the largest such distance
 * @param cosineSimilarity cosine between the whole flattened banks, new and old
 * @param updateRate share of slots whose distance exceeds {@link #THRESHOLD}
 * @param updatedCount number of such slots
 * @param tokenChangeRate for the token-based memory: share of token positions whose id changed (NaN
 *     for the continuous bank)
 */
public record MemoryDrift(
    double avgL2Change,
    double maxL2Change,
    double cosineSimilarity,
    double updateRate,
    long updatedCount,
    double tokenChangeRate) {

  /** Drift of the continuous bank, as the seed reports it. */
  public MemoryDrift(
      double avgL2Change,
      double maxL2Change,
      double cosineSimilarity,
      double updateRate,
      long updatedCount) {
    this(avgL2Change, maxL2Change, cosineSimilarity, updateRate, updatedCount, Double.NaN);
  }

  /**
   * Drift of the token-based bank: the share of slots and of token positions whose ids changed.
   * Distances and cosine have no meaning for ids and are NaN.
   */
  public static MemoryDrift tokens(double slotRate, long slotsChanged, double positionRate) {
    return new MemoryDrift(
        Double.NaN, Double.NaN, Double.NaN, slotRate, slotsChanged, positionRate);
  }

  /** The seed's threshold for counting a slot as updated. */
  public static final double THRESHOLD = 0.01;

  /** What the seed reports when nothing is known yet. */
  public static final MemoryDrift NONE = new MemoryDrift(0, 0, 1, 0, 0);

  /** Values under the seed's key names. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("memory_avg_l2_change", avgL2Change);
    m.put("memory_max_l2_change", maxL2Change);
    m.put("memory_cosine_similarity", cosineSimilarity);
    m.put("memory_update_rate", updateRate);
    m.put("memory_updated_count", (double) updatedCount);
    if (!Double.isNaN(tokenChangeRate)) {
      m.put("memory_token_change_rate", tokenChangeRate);
    }
    return m;
  }
}
