package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Grouped-query causal self-attention, as the seed's {@code Attention}: rotary embedding on queries
 * and keys, key/value heads repeated to match the query heads, {@code softmax(q k^T / sqrt(E) +
 * mask) v} by PyTorch's {@code scaled_dot_product_attention} (the seed's flash path; its fused
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
   * @param startPos absolute position of x's first row
   * @param cache this layer's key/value cache, or null to attend within x only
   * @return (B, T, D)
   */
  NDArray forward(
      BoundParameters p,
      NDArray x,
      RotaryEmbedding rope,
      int startPos,
      KvCache.Layer cache,
      boolean training) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    NDArray q = Ops.linear(x, p.get(wq)).reshape(b, t, nHeads, headDim); // (B, T, H, E)
    NDArray k = Ops.linear(x, p.get(wk)).reshape(b, t, nKvHeads, headDim); // (B, T, G, E)
    NDArray v = Ops.linear(x, p.get(wv)).reshape(b, t, nKvHeads, headDim); // (B, T, G, E)
    q = rope.apply(q, startPos);
    k = rope.apply(k, startPos);
    long past = 0;
    if (cache != null) {
      past = cache.length();
      NDArray[] kv = cache.append(k, v); // (B, P+T, G, E) each
      k = kv[0];
      v = kv[1];
    }
    long total = past + t;
    NDArray queries = q.transpose(0, 2, 1, 3); // (B, H, T, E)
    NDArray keys = repeatKv(k, b, total).transpose(0, 2, 1, 3); // (B, H, P+T, E)
    NDArray values = repeatKv(v, b, total).transpose(0, 2, 1, 3); // (B, H, P+T, E)
    // softmax(q k^T / sqrt(E) + causal mask) v, with its dropout, in one PyTorch kernel
    Kernels kernels = Kernels.get();
    NDArray out;
    if (past == 0) {
      out = kernels.causalAttention(queries, keys, values, training ? dropout : 0);
    } else if (t == 1) { // the newest position sees every key: nothing to mask
      out = kernels.fullAttention(queries, keys, values);
    } else {
      out = kernels.maskedAttention(queries, keys, values, visible(x.getManager(), t, past));
    }
    out = out.transpose(0, 2, 1, 3).reshape(b, t, (long) nHeads * headDim); // (B, T, H*E)
    return Ops.dropout(Ops.linear(out, p.get(wo)), dropout, training); // (B, T, D)
  }

  /** (B, L, G, E) to (B, L, H, E): each key/value head serves H/G query heads, in order. */
  private NDArray repeatKv(NDArray kv, long b, long len) {
    int rep = nHeads / nKvHeads;
    if (rep == 1) {
      return kv;
    }
    return kv.expandDims(3)
        .broadcast(b, len, nKvHeads, rep, headDim)
        .reshape(b, len, (long) nHeads, headDim);
  }

  /** (T, P+T) true where query i (absolute position past + i) may see key j: j <= past + i. */
  static NDArray visible(NDManager manager, long t, long past) {
    NDArray rows = manager.arange(past, past + t, 1, DataType.INT64).expandDims(1); // (T, 1)
    NDArray cols = manager.arange(0, past + t, 1, DataType.INT64).expandDims(0); // (1, P+T)
    return cols.lte(rows); // (T, P+T)
  }
}
