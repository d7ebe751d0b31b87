package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;

/**
 * The seed's {@code GatedMemoryFusion}: a SwiGLU-style MLP over the hidden state concatenated with
 * the k selected memory slots, {@code down(silu(gate(c)) * up(c))}. The memory scores are accepted
 * by the seed's signature but never used, which is why the gate gets no gradient.
 *
 * <p>Shapes: B batch, T positions, D dim, k num_selected, Q knowledge_dim, C = D + k*Q.
 */
final class GatedMemoryFusion {
  private final String gateProj;
  private final String upProj;
  private final String downProj;
  private final double dropout;

  GatedMemoryFusion(String prefix, ModelConfig cfg) {
    this.gateProj = prefix + "gate_proj.weight";
    this.upProj = prefix + "up_proj.weight";
    this.downProj = prefix + "down_proj.weight";
    this.dropout = cfg.dropout();
  }

  void declare(ParameterLayout layout, ModelConfig cfg) {
    layout.add(gateProj, cfg.dim(), cfg.fusionInputDim());
    layout.add(upProj, cfg.dim(), cfg.fusionInputDim());
    layout.add(downProj, cfg.dim(), cfg.dim());
  }

  /**
   * @param h (B, T, D) normalised attention output
   * @param selected the B * T * k selected memory slots, Q values each (any shape)
   * @return (B, T, D)
   */
  NDArray forward(BoundParameters p, NDArray h, NDArray selected, boolean training) {
    return Kernels.get()
        .gatedFusion(
            h, selected, p.get(gateProj), p.get(upProj), p.get(downProj),
            training ? dropout : 0);
  }
}
