package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;

/**
 * The seed's {@code MemoryGate}: product-key selection of {@code k} slots out of {@code N = S x S}.
 *
 * <p>A query ({@code gate_proj(x)}, width Q) is split into halves; each half scores the S sub-keys
 * of its own set ({@code keys[0]}, {@code keys[1]}), keeps its top k, and the k x k sums of the two
 * lists are ranked again for the final top k. Slot {@code i * S + j} pairs sub-key i of the first
 * set with sub-key j of the second, so slots form an S x S grid (row = first sub-key). Scores are
 * the softmax of the k best sums. Lample et al., "Large Memory Layers with Product Keys" (2019).
 *
 * <p>The selection is a top-k, which has no gradient; and the seed's fusion reads only the
 * selected slots, never the scores. So neither {@code keys} nor {@code gate_proj} ever receives a
 * gradient. That is reproduced here, not corrected.
 *
 * <p>Shapes: B batch, T positions, Q knowledge_dim, S sqrt(N), k num_selected.
 */
final class MemoryGate {
  private final String gateProj;
  private final String keys;
  private final int numKeys;
  private final int knowledgeDim;
  private final int numSelected;
  private final double dropout;

  MemoryGate(String prefix, ModelConfig cfg) {
    this.gateProj = prefix + "gate_proj.weight";
    this.keys = prefix + "keys";
    this.numKeys = cfg.numKeys();
    this.knowledgeDim = cfg.knowledgeDim();
    this.numSelected = cfg.numSelected();
    this.dropout = cfg.dropout();
  }

  /** In the seed's registration order: {@code keys} is a direct parameter, then gate_proj. */
  void declare(ParameterLayout layout, ModelConfig cfg) {
    layout.add(keys, ParameterLayout.Init.NORMAL, 2, numKeys, knowledgeDim / 2);
    layout.add(gateProj, knowledgeDim, cfg.dim());
  }

  /** Selected slots and their scores for every position. */
  record Selection(NDArray indices, NDArray scores) {}

  /**
   * @param x (B, T, D) the normalised attention output
   * @return indices (B, T, k) int64, best first; scores (B, T, k)
   */
  Selection forward(BoundParameters p, NDArray x, boolean training) {
    NDArray[] sel =
        Kernels.get()
            .memoryGate(x, p.get(gateProj), p.get(keys), numSelected, training ? dropout : 0);
    return new Selection(sel[0], sel[1]);
  }
}
