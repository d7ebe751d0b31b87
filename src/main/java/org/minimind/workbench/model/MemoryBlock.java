package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One transformer block of the seed ({@code MiniMindBlock}): attention, then the memory layer in
 * place of the feed-forward network, with the seed's residual wiring:
 *
 * <pre>
 *   h_attn = attention(attention_norm(x))
 *   h      = x + h_attn
 *   m      = memory_norm(h_attn)          # the gate reads the attention output, not h
 *   slots  = memory_bank[gate(m)]
 *   out    = h + fusion(m, slots)
 * </pre>
 *
 * <p>The seed's modules, with their parameters in the seed's registration order:
 *
 * <ul>
 *   <li>{@code Attention}: grouped-query causal self-attention, rotary embedding on queries and
 *       keys, key/value heads repeated to match the query heads, {@code softmax(q k^T / sqrt(E) +
 *       mask) v} by {@code scaled_dot_product_attention} (the seed's flash path), output
 *       projection;
 *   <li>{@code MemoryGate}: product-key selection of k slots out of {@code N = S x S}. A query
 *       ({@code gate_proj(m)}, width Q) is split into halves; each half scores the S sub-keys of
 *       its own set ({@code keys[0]}, {@code keys[1]}) and keeps its top k; the k x k sums are
 *       ranked again for the final top k. Slot {@code i * S + j} pairs sub-key i of the first set
 *       with sub-key j of the second, so slots form an S x S grid (row = first sub-key). Scores are
 *       the softmax of the k best sums. Lample et al., "Large Memory Layers with Product Keys"
 *       (2019). The selection is a top-k, which has no gradient, and the fusion reads only the
 *       selected slots, never the scores: neither {@code keys} nor {@code gate_proj} ever receives
 *       a gradient. That is reproduced here, not corrected;
 *   <li>{@code GatedMemoryFusion}: a SwiGLU-style MLP over m concatenated with the k selected
 *       slots, {@code down(silu(gate(c)) * up(c))}.
 * </ul>
 *
 * <p>The tensor work is two kernels ({@link Kernels#attendAndSelect}, {@link Kernels#fuse}, the
 * seed's code in {@code kernels.torchscript}); between them the slots are read by the model's
 * {@link SlotReader}, which is where the memory variants differ.
 *
 * <p>Shapes: B batch, T positions, D dim, k num_selected, Q knowledge_dim, S sqrt(N), H query
 * heads, G key/value heads, E head dim, C = D + k*Q.
 */
final class MemoryBlock {
  private final String wq;
  private final String wk;
  private final String wv;
  private final String wo;
  private final String attentionNorm;
  private final String memoryNorm;
  private final String keys;
  private final String gateProj;
  private final String fusionGate;
  private final String fusionUp;
  private final String fusionDown;
  private final ModelConfig cfg;

  MemoryBlock(int layer, ModelConfig cfg) {
    String prefix = "layers." + layer + ".";
    this.wq = prefix + "attention.wq.weight";
    this.wk = prefix + "attention.wk.weight";
    this.wv = prefix + "attention.wv.weight";
    this.wo = prefix + "attention.wo.weight";
    this.attentionNorm = prefix + "attention_norm.weight";
    this.memoryNorm = prefix + "memory_norm.weight";
    this.keys = prefix + "memory_gate.keys";
    this.gateProj = prefix + "memory_gate.gate_proj.weight";
    this.fusionGate = prefix + "gated_memory_fusion.gate_proj.weight";
    this.fusionUp = prefix + "gated_memory_fusion.up_proj.weight";
    this.fusionDown = prefix + "gated_memory_fusion.down_proj.weight";
    this.cfg = cfg;
  }

  /** The block's parameters and their initialisation, in the seed's registration order. */
  void declare(ParameterLayout layout) {
    int heads = cfg.nHeads() * cfg.headDim();
    int kvHeads = cfg.nKvHeads() * cfg.headDim();
    layout.add(wq, heads, cfg.dim());
    layout.add(wk, kvHeads, cfg.dim());
    layout.add(wv, kvHeads, cfg.dim());
    layout.add(wo, cfg.dim(), heads);
    layout.add(attentionNorm, ParameterLayout.Init.ONES, cfg.dim());
    layout.add(memoryNorm, ParameterLayout.Init.ONES, cfg.dim());
    // MemoryGate: keys is a direct parameter, registered before gate_proj
    layout.add(keys, ParameterLayout.Init.NORMAL, 2, cfg.numKeys(), cfg.knowledgeDim() / 2);
    layout.add(gateProj, cfg.knowledgeDim(), cfg.dim());
    layout.add(fusionGate, cfg.dim(), cfg.fusionInputDim());
    layout.add(fusionUp, cfg.dim(), cfg.fusionInputDim());
    layout.add(fusionDown, cfg.dim(), cfg.dim());
  }

  /** This block's parameters in {@code p}, in the order the kernels take them. */
  Kernels.BlockWeights weights(BoundParameters p) {
    return new Kernels.BlockWeights(
        p.get(attentionNorm),
        p.get(wq),
        p.get(wk),
        p.get(wv),
        p.get(wo),
        p.get(memoryNorm),
        p.get(gateProj),
        p.get(keys),
        p.get(fusionGate),
        p.get(fusionUp),
        p.get(fusionDown));
  }

  /** A block's output with the slots its gate chose. */
  record Output(NDArray hidden, NDArray indices, NDArray scores) {}

  /**
   * @param x (B, T, D)
   * @param memory reads the selected slots: the bank's rows, or decoded token slots
   * @param positions the rotary angles of x's positions
   * @param cache this layer's key/value cache, or null to attend within x only
   * @param intervention what this layer reads differently, or null for the plain pass
   * @return hidden (B, T, D); indices and scores (B, T, k)
   */
  Output forward(
      BoundParameters p,
      NDArray x,
      SlotReader memory,
      RotaryEmbedding.Positions positions,
      KvCache.Layer cache,
      boolean training,
      Intervention.Layer intervention,
      Precision precision) {
    Kernels.BlockWeights w = weights(p);
    double dropout = training ? cfg.dropout() : 0;
    long t = x.getShape().get(1);
    NDArray[] buffers = cache == null ? null : cache.buffers();
    long past = cache == null ? 0 : cache.reserve(t);
    Kernels kernels = Kernels.get();
    boolean gradients = p.trainable();
    if (intervention != null) {
      if (gradients || dropout > 0) {
        throw new IllegalArgumentException(
            "an intervention runs without gradients and dropout: bind the parameters so");
      }
      return intervened(p, x, memory, positions, buffers, past, w, intervention);
    }
    Precision compute = gradients ? precision : Precision.FP32;
    Kernels.Selection sel =
        kernels.attendAndSelect(x, w, positions, buffers, past, cfg, dropout, gradients, compute);
    NDArray selected = memory.read(sel.indices().reshape(-1)); // (B*T*k, Q)
    NDArray out = kernels.fuse(sel.h(), sel.forMemory(), selected, w, dropout, gradients, compute);
    return new Output(out, sel.indices(), sel.scores());
  }

  /**
   * {@link #forward} under an intervention: the gate without removed slots and with forced ones
   * (kernel {@code gate_intervened}), then zeros read for zeroed slots, for removed slots the gate
   * still had to pick (fewer than k candidates left), or for every slot of a layer turned off.
   */
  private Output intervened(
      BoundParameters p,
      NDArray x,
      SlotReader memory,
      RotaryEmbedding.Positions positions,
      NDArray[] buffers,
      long past,
      Kernels.BlockWeights w,
      Intervention.Layer iv) {
    NDManager scope = x.getManager();
    int n = cfg.knowledgeNum();
    boolean[] banned = new boolean[iv.removed().length == 0 ? 0 : n];
    for (int slot : iv.removed()) {
      banned[slot] = true;
    }
    long[] forced = java.util.Arrays.stream(iv.forced()).asLongStream().toArray();
    Kernels kernels = Kernels.get();
    Kernels.Selection sel;
    try (NDArray bannedTable = scope.create(banned); // (N) or (0)
        NDArray forcedSlots = scope.create(forced)) { // (F)
      sel =
          kernels.attendAndSelectIntervened(
              x, w, positions, buffers, past, cfg, bannedTable, forcedSlots);
    }
    NDArray flat = sel.indices().reshape(-1); // (B*T*k)
    NDArray selected = memory.read(flat); // (B*T*k, Q)
    if (iv.off()) {
      selected = selected.zerosLike();
    } else if (iv.removed().length + iv.zeroed().length > 0) {
      float[] keep = new float[n];
      java.util.Arrays.fill(keep, 1f);
      for (int slot : iv.removed()) {
        keep[slot] = 0f;
      }
      for (int slot : iv.zeroed()) {
        keep[slot] = 0f;
      }
      NDArray table = scope.create(keep, new Shape(n, 1)); // (N, 1)
      selected = selected.mul(Ops.embedding(flat, table)); // (B*T*k, Q)
    }
    NDArray out = kernels.fuse(sel.h(), sel.forMemory(), selected, w, 0, false, Precision.FP32);
    return new Output(out, sel.indices(), sel.scores());
  }
}
