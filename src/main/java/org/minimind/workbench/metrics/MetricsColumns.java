package org.minimind.workbench.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.minimind.workbench.model.MemoryUsage;
import org.minimind.workbench.train.ParameterGroup;

/**
 * The columns of {@code metrics.csv}, in order. Per-layer statistics use the seed's stat names
 * ({@code layer_{i}_gini_coefficient}, ...); an empty field means "not measured at this step"
 * (validation loss) or "no gradient" (the memory gate's group norm).
 */
public final class MetricsColumns {
  public static final String STEP = "step";
  public static final String TOKENS = "tokens";
  public static final String LOSS = "loss";
  public static final String CE = "ce";
  public static final String AUX = "aux_loss";
  public static final String LR = "lr";
  public static final String TOKENS_PER_S = "tokens_per_s";
  public static final String GRAD_NORM = "grad_norm";
  public static final String VAL_LOSS = "val_loss";
  public static final String AVG_L2 = "memory_avg_l2_change";
  public static final String MAX_L2 = "memory_max_l2_change";
  public static final String COSINE = "memory_cosine_similarity";
  public static final String UPDATE_RATE = "memory_update_rate";

  /** Token memory only: share of token positions whose id changed over the interval. */
  public static final String TOKEN_CHANGE_RATE = "memory_token_change_rate";

  public static final String ELAPSED = "elapsed_s";

  private MetricsColumns() {}

  /** {@code grad_norm_attention}, {@code grad_norm_memory_gate}, ... */
  public static String groupNorm(ParameterGroup g) {
    return "grad_norm_" + g.key();
  }

  /** {@code layer_{i}_{stat}} with a stat name from {@link MemoryUsage#STAT_NAMES}. */
  public static String layerStat(int layer, String stat) {
    return "layer_" + layer + "_" + stat;
  }

  /** Every column for a model with {@code layers} blocks. */
  public static List<String> all(int layers) {
    List<String> c = new ArrayList<>();
    Collections.addAll(c, STEP, TOKENS, LOSS, CE, AUX, LR, TOKENS_PER_S, GRAD_NORM, VAL_LOSS);
    Collections.addAll(c, AVG_L2, MAX_L2, COSINE, UPDATE_RATE, TOKEN_CHANGE_RATE);
    for (ParameterGroup g : ParameterGroup.values()) {
      c.add(groupNorm(g));
    }
    for (int i = 0; i < layers; i++) {
      for (String stat : MemoryUsage.STAT_NAMES) {
        c.add(layerStat(i, stat));
      }
    }
    c.add(ELAPSED);
    return c;
  }

  /** Number of layers a header describes. */
  public static int layersIn(List<String> header) {
    int n = 0;
    while (header.contains(layerStat(n, MemoryUsage.STAT_NAMES[0]))) {
      n++;
    }
    return n;
  }
}
