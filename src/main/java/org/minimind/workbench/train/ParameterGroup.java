package org.minimind.workbench.train;

/**
 * Parameter families whose gradient norms the dashboard plots. Each layer's norms go with the
 * module they normalise for; the final norm goes with the (tied) embedding and output.
 */
public enum ParameterGroup {
  ATTENTION("attention"),
  MEMORY_GATE("memory_gate"),
  FUSION("fusion"),
  MEMORY_BANK("memory_bank"),
  EMBEDDINGS("embeddings");

  private final String key;

  ParameterGroup(String key) {
    this.key = key;
  }

  /** Column-friendly name. */
  public String key() {
    return key;
  }

  /** The group of a parameter named as in the seed's state_dict. */
  public static ParameterGroup of(String name) {
    if (name.equals("memory_bank")) {
      return MEMORY_BANK;
    }
    if (name.contains(".memory_gate.")) {
      return MEMORY_GATE;
    }
    if (name.contains(".gated_memory_fusion.") || name.endsWith(".memory_norm.weight")) {
      return FUSION;
    }
    if (name.contains(".attention.") || name.endsWith(".attention_norm.weight")) {
      return ATTENTION;
    }
    return EMBEDDINGS;
  }
}
