package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

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
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    int half = knowledgeDim / 2;
    NDArray queries = Ops.linear(x, p.get(gateProj)); // (B, T, Q)
    NDArray q1 = queries.get(new NDIndex("..., :{}", half)); // (B, T, Q/2)
    NDArray q2 = queries.get(new NDIndex("..., {}:", half)); // (B, T, Q/2)
    NDArray keySets = p.get(keys); // (2, S, Q/2)
    NDArray scores1 = q1.matMul(keySets.get(0).transpose()); // (B, T, S)
    NDArray scores2 = q2.matMul(keySets.get(1).transpose()); // (B, T, S)
    NDList top1 = scores1.topK(numSelected, -1, true, true); // (B, T, k) values, indices
    NDList top2 = scores2.topK(numSelected, -1, true, true);
    NDArray combinedScores =
        top1.get(0).expandDims(-1).add(top2.get(0).expandDims(-2)); // (B, T, k, k)
    NDArray combinedIndices =
        top1.get(1).expandDims(-1).mul(numKeys).add(top2.get(1).expandDims(-2)); // (B, T, k, k)
    long pairs = (long) numSelected * numSelected;
    NDList best = combinedScores.reshape(b, t, pairs).topK(numSelected, -1, true, true);
    NDArray indices = combinedIndices.reshape(b, t, pairs).gather(best.get(1), -1); // (B, T, k)
    NDArray scores = best.get(0).softmax(-1); // (B, T, k)
    scores = Ops.dropout(scores, dropout, training);
    return new Selection(indices, scores);
  }
}
