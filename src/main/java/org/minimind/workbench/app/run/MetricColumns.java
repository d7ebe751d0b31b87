package org.minimind.workbench.app.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minimind.workbench.model.MemoryDrift;
import org.minimind.workbench.train.LayerStats;
import org.minimind.workbench.train.ParameterGroup;
import org.minimind.workbench.train.StepMetrics;

/**
 * The names of a run's metrics, as the columns of {@code metrics.csv}: the live trainer's {@link
 * StepMetrics} and a run directory's file land in the same named columns, so one view-model plots
 * both. A missing value (no validation at that step, no gradient for the memory gate) is NaN.
 */
public final class MetricColumns {
  public static final String STEP = "step";
  public static final String TOKENS = "tokens";
  public static final String LOSS = "loss";
  public static final String CE = "ce";
  public static final String AUX_LOSS = "aux_loss";
  public static final String LR = "lr";
  public static final String TOKENS_PER_S = "tokens_per_s";
  public static final String GRAD_NORM = "grad_norm";
  public static final String VAL_LOSS = "val_loss";
  public static final String MEMORY_AVG_L2_CHANGE = "memory_avg_l2_change";
  public static final String MEMORY_MAX_L2_CHANGE = "memory_max_l2_change";
  public static final String MEMORY_COSINE_SIMILARITY = "memory_cosine_similarity";
  public static final String MEMORY_UPDATE_RATE = "memory_update_rate";
  public static final String ELAPSED_S = "elapsed_s";

  /** Per-layer stats, the seed's names: column {@code layer_{i}_{stat}}. */
  public static final String GINI = "gini_coefficient";
  public static final String KL = "kl_divergence";
  public static final String COVERAGE = "coverage_rate";
  public static final String HOT = "hot_memories";
  public static final String DEAD = "dead_memories";
  public static final String SELECTION_VARIANCE = "selection_variance";
  public static final String MAX_SELECTIONS = "max_selections";
  public static final String MIN_SELECTIONS = "min_selections";

  private MetricColumns() {}

  /** {@code grad_norm_attention}, ... */
  public static String gradNorm(ParameterGroup group) {
    return "grad_norm_" + group.key();
  }

  /** {@code layer_3_gini_coefficient}, ... */
  public static String layer(int layer, String stat) {
    return "layer_" + layer + "_" + stat;
  }

  /** The layer index of a {@code layer_{i}_...} column, or -1. */
  public static int layerOf(String column) {
    if (!column.startsWith("layer_")) {
      return -1;
    }
    int end = column.indexOf('_', 6);
    if (end < 0) {
      return -1;
    }
    try {
      return Integer.parseInt(column.substring(6, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One logged step as named values, in {@code metrics.csv}'s column order. */
  public static Map<String, Double> row(StepMetrics m) {
    Map<String, Double> r = new LinkedHashMap<>();
    r.put(STEP, (double) m.step());
    r.put(TOKENS, (double) m.tokensSeen());
    r.put(LOSS, m.loss());
    r.put(CE, m.ce());
    r.put(AUX_LOSS, m.aux());
    r.put(LR, m.lr());
    r.put(TOKENS_PER_S, m.tokensPerSecond());
    r.put(GRAD_NORM, m.gradNorm());
    r.put(VAL_LOSS, m.valLoss());
    MemoryDrift d = m.drift() == null ? MemoryDrift.NONE : m.drift();
    r.put(MEMORY_AVG_L2_CHANGE, d.avgL2Change());
    r.put(MEMORY_MAX_L2_CHANGE, d.maxL2Change());
    r.put(MEMORY_COSINE_SIMILARITY, d.cosineSimilarity());
    r.put(MEMORY_UPDATE_RATE, d.updateRate());
    for (ParameterGroup g : ParameterGroup.values()) {
      Double v = m.groupGradNorms() == null ? null : m.groupGradNorms().get(g);
      r.put(gradNorm(g), v == null ? Double.NaN : v);
    }
    List<LayerStats> layers = m.layers() == null ? List.of() : m.layers();
    for (int i = 0; i < layers.size(); i++) {
      LayerStats s = layers.get(i);
      r.put(layer(i, GINI), s.gini());
      r.put(layer(i, KL), s.kl());
      r.put(layer(i, COVERAGE), s.coverage());
      r.put(layer(i, HOT), s.hot());
      r.put(layer(i, DEAD), s.dead());
      r.put(layer(i, SELECTION_VARIANCE), s.selectionVariance());
      r.put(layer(i, MAX_SELECTIONS), s.maxSelections());
      r.put(layer(i, MIN_SELECTIONS), s.minSelections());
    }
    r.put(ELAPSED_S, m.elapsedSeconds());
    return r;
  }
}
