package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

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
  private final int numSelected;
  private final int knowledgeDim;
  private final double dropout;

  GatedMemoryFusion(String prefix, ModelConfig cfg) {
    this.gateProj = prefix + "gate_proj.weight";
    this.upProj = prefix + "up_proj.weight";
    this.downProj = prefix + "down_proj.weight";
    this.numSelected = cfg.numSelected();
    this.knowledgeDim = cfg.knowledgeDim();
    this.dropout = cfg.dropout();
  }

  void declare(ParameterLayout layout, ModelConfig cfg) {
    layout.add(gateProj, cfg.dim(), cfg.fusionInputDim());
    layout.add(upProj, cfg.dim(), cfg.fusionInputDim());
    layout.add(downProj, cfg.dim(), cfg.dim());
  }

  /**
   * @param h (B, T, D) normalised attention output
   * @param selected (B, T, k, Q) the selected memory slots
   * @return (B, T, D)
   */
  NDArray forward(BoundParameters p, NDArray h, NDArray selected, boolean training) {
    long b = h.getShape().get(0);
    long t = h.getShape().get(1);
    NDArray memory = selected.reshape(b, t, (long) numSelected * knowledgeDim); // (B, T, k*Q)
    NDArray concat = NDArrays.concat(new NDList(h, memory), -1); // (B, T, C)
    NDArray gate = Ops.silu(Ops.linear(concat, p.get(gateProj))); // (B, T, D)
    NDArray up = Ops.linear(concat, p.get(upProj)); // (B, T, D)
    NDArray out = Ops.linear(gate.mul(up), p.get(downProj)); // (B, T, D)
    return Ops.dropout(out, dropout, training);
  }
}
