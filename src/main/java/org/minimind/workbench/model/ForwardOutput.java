package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link MemoryLM#forward}: logits, each layer's trace and the seed's auxiliary
 * (balance) loss. Arrays live in the manager the pass was given.
 *
 * @param logits (B, T, V)
 * @param layers one trace per block, in order
 * @param auxLoss sum over layers of the balance loss; a constant without gradient, as in the seed
 */
public record ForwardOutput(NDArray logits, List<LayerTrace> layers, double auxLoss) {

  /** Stats under the seed's keys, {@code layer_{i}_{name}}. */
  public Map<String, Double> layerStats() {
    Map<String, Double> stats = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Map.Entry<String, Double> e : layers.get(i).usage().asMap().entrySet()) {
        stats.put("layer_" + i + "_" + e.getKey(), e.getValue());
      }
    }
    return stats;
  }
}
