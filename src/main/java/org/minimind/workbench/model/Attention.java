package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Grouped-query causal self-attention, as the seed's {@code Attention}: projections, rotary
 * embedding on queries and keys ({@link Kernels#rotary}), key/value heads repeated to match the
 * query heads and {@code softmax(q k^T / sqrt(E) + mask) v} by PyTorch's {@code
 * scaled_dot_product_attention} (the seed's flash path, {@link Kernels#causalAttention}; its fused
 * kernels never hold the T x T score matrix), then the output projection.
 *
 * <p>Shapes: B batch, T new positions, P cached positions, H query heads, G key/value heads, E head
 * dim, D model dim.
 */
final class Attention {
  private final String wq;
  private final String wk;
  private final String wv;
  private final String wo;
  private final int nHeads;
  private final int nKvHeads;
  private final int headDim;
  private final double dropout;

  Attention(String prefix, ModelConfig cfg) {
    this.wq = prefix + "wq.weight";
    this.wk = prefix + "wk.weight";
    this.wv = prefix + "wv.weight";
    this.wo = prefix + "wo.weight";
    this.nHeads = cfg.nHeads();
    this.nKvHeads = cfg.nKvHeads();
    this.headDim = cfg.headDim();
    this.dropout = cfg.dropout();
  }

  /** Parameter names and shapes, in the seed's order. */
  void declare(ParameterLayout layout, ModelConfig cfg) {
    layout.add(wq, nHeads * headDim, cfg.dim());
    layout.add(wk, nKvHeads * headDim, cfg.dim());
    layout.add(wv, nKvHeads * headDim, cfg.dim());
    layout.add(wo, cfg.dim(), nHeads * headDim);
  }

  /**
   * @param x (B, T, D) normalised input
   * @param positions the rotary angles of x's positions
   * @param cache this layer's key/value cache, or null to attend within x only
   * @return (B, T, D)
   */
  NDArray forward(
      BoundParameters p,
      NDArray x,
      RotaryEmbedding.Positions positions,
      KvCache.Layer cache,
      boolean training) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    Kernels kernels = Kernels.get();
    NDArray q = Ops.linear(x, p.get(wq)).reshape(b, t, nHeads, headDim); // (B, T, H, E)
    NDArray k = Ops.linear(x, p.get(wk)).reshape(b, t, nKvHeads, headDim); // (B, T, G, E)
    NDArray v = Ops.linear(x, p.get(wv)).reshape(b, t, nKvHeads, headDim); // (B, T, G, E)
    NDArray[] rotated = kernels.rotary(q, k, positions.cos(), positions.sin());
    q = rotated[0];
    k = rotated[1];
    long past = 0;
    if (cache != null) {
      past = cache.length();
      NDArray[] kv = cache.append(k, v); // (B, P+T, G, E) each
      k = kv[0];
      v = kv[1];
    }
    // softmax(q k^T / sqrt(E) + causal mask) v, heads repeated, in one PyTorch kernel
    NDArray out; // (B, T, H*E)
    if (past == 0) {
      out = kernels.causalAttention(q, k, v, training ? dropout : 0);
    } else if (t == 1) { // the newest position sees every key: nothing to mask
      out = kernels.fullAttention(q, k, v);
    } else {
      out = kernels.maskedAttention(q, k, v, visible(x.getManager(), t, past));
    }
    return Ops.dropout(Ops.linear(out, p.get(wo)), dropout, training); // (B, T, D)
  }

  /** (T, P+T) true where query i (absolute position past + i) may see key j: j <= past + i. */
  static NDArray visible(NDManager manager, long t, long past) {
    NDArray rows = manager.arange(past, past + t, 1, DataType.INT64).expandDims(1); // (T, 1)
    NDArray cols = manager.arange(0, past + t, 1, DataType.INT64).expandDims(0); // (1, P+T)
    return cols.lte(rows); // (T, P+T)
  }
}
