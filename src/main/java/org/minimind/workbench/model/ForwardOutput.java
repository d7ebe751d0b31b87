package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link MemoryLM#forward}: logits, each layer's trace and, when the pass computed
 * it, the slot usage (the seed's layer stats and auxiliary loss). Arrays live in the manager the
 * pass was given.
 *
 * @param logits (B, T, V)
 * @param layers one trace per block, in order
 * @param usage slot usage of every layer, or null when the pass did not compute it
 */
public record ForwardOutput(NDArray logits, List<LayerTrace> layers, SlotUsage usage) {

  /**
   * The seed's {@code aux_loss}, the sum over layers of the balance loss: a constant without
   * gradient, as in the seed. NaN when the pass did not compute the usage.
   */
  public double auxLoss() {
    return usage == null ? Double.NaN : usage.balanceLoss();
  }

  /** Stats under the seed's keys, {@code layer_{i}_{name}}. */
  public Map<String, Double> layerStats() {
    Map<String, Double> stats = new LinkedHashMap<>();
    List<MemoryUsage> perLayer = usage.layers();
    for (int i = 0; i < perLayer.size(); i++) {
      for (Map.Entry<String, Double> e : perLayer.get(i).asMap().entrySet()) {
        stats.put("layer_" + i + "_" + e.getKey(), e.getValue());
      }
    }
    return stats;
  }
}
