package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;

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
 * <p>Shapes: B batch, T positions, D dim, k num_selected, Q knowledge_dim.
 */
final class MemoryBlock {
  private final String attentionNorm;
  private final String memoryNorm;
  private final Attention attention;
  private final MemoryGate gate;
  private final GatedMemoryFusion fusion;
  private final double normEps;

  MemoryBlock(int layer, ModelConfig cfg) {
    String prefix = "layers." + layer + ".";
    this.attention = new Attention(prefix + "attention.", cfg);
    this.attentionNorm = prefix + "attention_norm.weight";
    this.memoryNorm = prefix + "memory_norm.weight";
    this.gate = new MemoryGate(prefix + "memory_gate.", cfg);
    this.fusion = new GatedMemoryFusion(prefix + "gated_memory_fusion.", cfg);
    this.normEps = cfg.normEps();
  }

  void declare(ParameterLayout layout, ModelConfig cfg) {
    attention.declare(layout, cfg);
    layout.add(attentionNorm, ParameterLayout.Init.ONES, cfg.dim());
    layout.add(memoryNorm, ParameterLayout.Init.ONES, cfg.dim());
    gate.declare(layout, cfg);
    fusion.declare(layout, cfg);
  }

  /** A block's output with the slots its gate chose. */
  record Output(NDArray hidden, NDArray indices, NDArray scores) {}

  /**
   * @param x (B, T, D)
   * @param memory reads the selected slots: the bank's rows, or decoded token slots
   * @param positions the rotary angles of x's positions
   * @return hidden (B, T, D); indices and scores (B, T, k)
   */
  Output forward(
      BoundParameters p,
      NDArray x,
      SlotReader memory,
      RotaryEmbedding.Positions positions,
      KvCache.Layer cache,
      boolean training) {
    Kernels kernels = Kernels.get();
    NDArray normed = kernels.rmsNorm(x, p.get(attentionNorm), normEps); // (B, T, D)
    NDArray hAttn = attention.forward(p, normed, positions, cache, training); // (B, T, D)
    NDArray h = x.add(hAttn); // (B, T, D)
    NDArray forMemory = kernels.rmsNorm(hAttn, p.get(memoryNorm), normEps); // (B, T, D)
    MemoryGate.Selection sel = gate.forward(p, forMemory, training); // (B, T, k)
    NDArray selected = memory.read(sel.indices().reshape(-1)); // (B*T*k, Q)
    NDArray out = h.add(fusion.forward(p, forMemory, selected, training)); // (B, T, D)
    return new Output(out, sel.indices(), sel.scores());
  }
}
