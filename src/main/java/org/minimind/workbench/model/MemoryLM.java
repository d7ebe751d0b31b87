package org.minimind.workbench.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed's {@code MiniMindLM} (model_memory_1_4_4.py): token embedding, {@code n_layers} blocks
 * whose feed-forward network is a product-key memory layer reading one memory bank shared by all
 * blocks, a final RMSNorm and an output projection tied to the embedding.
 *
 * <p>Parameters are named as in the seed's {@code state_dict()} ({@code memory_bank}, {@code
 * tok_embeddings.weight}, {@code layers.0.memory_gate.keys}, ...); {@code output.weight} is the
 * same tensor as {@code tok_embeddings.weight} and is stored once. Every array lives on the model's
 * {@link Device}.
 *
 * <p>Shapes: B batch, T positions, D dim, V vocab, N knowledge_num, Q knowledge_dim, k
 * num_selected.
 */
public final class MemoryLM implements AutoCloseable {
  public static final String EMBEDDING = "tok_embeddings.weight";
  public static final String OUTPUT = "output.weight";
  public static final String MEMORY_BANK = "memory_bank";
  public static final String FINAL_NORM = "norm.weight";

  /** The token memory's read projection (token variant only). */
  public static final String MEMORY_PROJ = "memory_proj.weight";

  /** The token memory's ids in a checkpoint (token variant only; int64, not a parameter). */
  public static final String MEMORY_TOKENS = "memory_tokens";

  private final ModelConfig config;
  private final ParameterLayout layout = new ParameterLayout();
  private final List<MemoryBlock> blocks = new ArrayList<>();
  private final ParameterSet parameters;
  private final RotaryEmbedding rope;
  private TokenMemory tokenMemory; // token variant only

  private MemoryLM(ModelConfig config, Device device) {
    this.config = config;
    declare(config, layout, blocks);
    this.parameters = new ParameterSet(device);
    this.rope = new RotaryEmbedding(parameters.manager(), config.headDim(), config.ropeTheta());
  }

  /** Builds the blocks and declares every parameter in the seed's registration order. */
  private static void declare(
      ModelConfig config, ParameterLayout layout, List<MemoryBlock> blocks) {
    if (config.memoryVariant() == MemoryVariant.CONTINUOUS) {
      layout.add(
          MEMORY_BANK, ParameterLayout.Init.NORMAL, config.knowledgeNum(), config.knowledgeDim());
    } else {
      int width =
          config.tokenMemory().read() == TokenMemorySettings.KnowledgeRead.MEAN
              ? config.dim()
              : config.dim() * config.tokenMemory().knowledgeLength();
      layout.add(MEMORY_PROJ, config.knowledgeDim(), width);
    }
    // nn.Embedding's weight is replaced by the output Linear's, so it has the Linear's init.
    layout.add(EMBEDDING, config.vocabSize(), config.dim());
    for (int i = 0; i < config.nLayers(); i++) {
      MemoryBlock block = new MemoryBlock(i, config);
      block.declare(layout);
      blocks.add(block);
    }
    layout.add(FINAL_NORM, ParameterLayout.Init.ONES, config.dim());
  }

  /**
   * A model initialised as the seed's constructor does: Linear weights uniform in +-1/sqrt(fan_in),
   * memory bank and sub-keys standard normal, norms ones. Seeded.
   */
  public static MemoryLM initialize(ModelConfig config, Device device, long seed) {
    MemoryLM model = new MemoryLM(config, device);
    Engine.getInstance().setRandomSeed((int) seed);
    NDManager m = model.parameters.manager();
    for (ParameterLayout.Entry e : model.layout.entries().values()) {
      Shape s = e.shape();
      NDArray value =
          switch (e.init()) {
            case ONES -> m.ones(s);
            case NORMAL -> m.randomNormal(0, 1, s, DataType.FLOAT32);
            case LINEAR -> {
              float bound = (float) (1.0 / Math.sqrt(s.get(s.dimension() - 1)));
              yield m.randomUniform(-bound, bound, s, DataType.FLOAT32);
            }
          };
      model.parameters.register(e.name(), value);
    }
    if (config.memoryVariant() == MemoryVariant.TOKEN) {
      model.tokenMemory = TokenMemory.random(model.parameters.manager(), config, seed);
    }
    return model;
  }

  /**
   * A model holding the given values, which must match {@link #layout(ModelConfig)} exactly (names
   * and sizes; the caller has checked them against the file they came from).
   */
  public static MemoryLM fromValues(
      ModelConfig config, Device device, Map<String, float[]> values) {
    return fromValues(config, device, values, null);
  }

  /**
   * As {@link #fromValues(ModelConfig, Device, Map)}, with the token memory's ids (N * L,
   * row-major) for the token variant.
   */
  public static MemoryLM fromValues(
      ModelConfig config, Device device, Map<String, float[]> values, int[] memoryTokens) {
    if ((config.memoryVariant() == MemoryVariant.TOKEN) != (memoryTokens != null)) {
      throw new IllegalArgumentException(
          config.memoryVariant() == MemoryVariant.TOKEN
              ? "a token-memory model needs its memory_tokens"
              : "memory_tokens given for a continuous-memory model");
    }
    MemoryLM model = new MemoryLM(config, device);
    NDManager m = model.parameters.manager();
    for (ParameterLayout.Entry e : model.layout.entries().values()) {
      float[] v = values.get(e.name());
      if (v == null) {
        model.close();
        throw new IllegalArgumentException("missing parameter '" + e.name() + "'");
      }
      if (v.length != e.shape().size()) {
        model.close();
        throw new IllegalArgumentException(
            "parameter '"
                + e.name()
                + "': expected "
                + e.shape()
                + " ("
                + e.shape().size()
                + " values), got "
                + v.length);
      }
      model.parameters.register(e.name(), m.create(v, e.shape()));
    }
    if (memoryTokens != null) {
      try {
        model.tokenMemory = TokenMemory.of(model.parameters.manager(), config, memoryTokens);
      } catch (IllegalArgumentException e) {
        model.close();
        throw e;
      }
    }
    return model;
  }

  /** The parameter names and shapes a configuration implies, in the seed's order. */
  public static ParameterLayout layout(ModelConfig config) {
    ParameterLayout layout = new ParameterLayout();
    declare(config, layout, new ArrayList<>());
    return layout;
  }

  public ModelConfig config() {
    return config;
  }

  public Device device() {
    return parameters.device();
  }

  public ParameterSet parameters() {
    return parameters;
  }

  /** The token memory, for the token variant. */
  public java.util.Optional<TokenMemory> tokenMemory() {
    return java.util.Optional.ofNullable(tokenMemory);
  }

  public ParameterLayout parameterLayout() {
    return layout;
  }

  /** Parameter views for one pass, attached to {@code scope}; see {@link ParameterSet#bind}. */
  public BoundParameters bind(NDManager scope, boolean trainable) {
    return parameters.bind(scope, trainable);
  }

  /**
   * Runs the model on {@code inputIds} (B, T) int64. The outputs live in the manager of {@code
   * inputIds}, which should be the caller's per-pass manager.
   *
   * <p>Each block runs in a manager of its own, closed when the block is done: what the block
   * computed on the way is freed then (autograd keeps what the backward pass needs), as PyTorch
   * frees a Python temporary, instead of living until the pass ends.
   *
   * <p>With an {@link ForwardOptions#intervention() intervention}, the layers it touches run their
   * gate and memory read under it (without gradients); the other layers run as always.
   */
  public ForwardOutput forward(BoundParameters p, NDArray inputIds, ForwardOptions opt) {
    return forward(p, inputIds, opt, null);
  }

  /**
   * {@link #forward} with logits at one position per row only, row r's at {@code positions[r]}: for
   * reading many prefixes of different lengths in one right-padded batch, where the output
   * projection over every position (T x V per row) would cost more than the blocks.
   *
   * @return logits (B, 1, V); the traces as {@link #forward}'s
   */
  public ForwardOutput forwardAt(
      BoundParameters p, NDArray inputIds, int[] positions, ForwardOptions opt) {
    Shape shape = inputIds.getShape();
    if (shape.dimension() != 2 || positions.length != shape.get(0)) {
      throw new IllegalArgumentException(
          positions.length + " positions for input ids of shape " + shape);
    }
    for (int r = 0; r < positions.length; r++) {
      if (positions[r] < 0 || positions[r] >= shape.get(1)) {
        throw new IllegalArgumentException(
            "position " + positions[r] + " of row " + r + " is outside 0.." + (shape.get(1) - 1));
      }
    }
    return forward(p, inputIds, opt, positions);
  }

  private ForwardOutput forward(
      BoundParameters p, NDArray inputIds, ForwardOptions opt, int[] logitPositions) {
    Shape shape = inputIds.getShape();
    if (shape.dimension() != 2 || shape.get(1) == 0) {
      throw new IllegalArgumentException("input ids must be (batch, time), got " + shape);
    }
    Intervention intervention = opt.intervention();
    if (!intervention.isEmpty()) {
      intervention.validateFor(config);
    }
    NDManager pass = inputIds.getManager();
    NDArray embedding = p.get(EMBEDDING);
    NDArray ids =
        inputIds.getDataType() == DataType.INT64
            ? inputIds
            : inputIds.toType(DataType.INT64, false);
    NDArray h = Ops.embedding(ids, embedding); // (B, T, D)
    h = Ops.dropout(h, config.dropout(), opt.training());
    SlotReader memory = slotReader(p, embedding);
    RotaryEmbedding.Positions positions =
        rope.positions(pass, opt.startPos(), shape.get(1)); // (T, E/2) each
    List<LayerTrace> traces = new ArrayList<>(blocks.size());
    List<NDArray> indices = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      KvCache.Layer cache = opt.cache() == null ? null : opt.cache().layer(i);
      MemoryBlock.Output out;
      try (NDManager block = pass.newSubManager()) {
        h.tempAttach(block); // what the block derives from h lands in its manager
        out =
            blocks
                .get(i)
                .forward(
                    p,
                    h,
                    memory,
                    positions,
                    cache,
                    opt.training(),
                    intervention.layer(i),
                    opt.precision());
        out.hidden().attach(pass);
        out.indices().attach(pass);
        out.scores().attach(pass);
      }
      h = out.hidden();
      indices.add(out.indices());
      traces.add(new LayerTrace(opt.keepHidden() ? h : null, out.indices(), out.scores()));
    }
    if (logitPositions != null) {
      long t = shape.get(1);
      long[] rows = new long[logitPositions.length];
      for (int r = 0; r < rows.length; r++) {
        rows[r] = r * t + logitPositions[r];
      }
      NDArray flat = h.reshape(-1, config.dim()); // (B*T, D)
      h = Ops.embedding(pass.create(rows), flat).reshape(rows.length, 1, config.dim()); // (B, 1, D)
    }
    NDArray normed = Kernels.get().rmsNorm(h, p.get(FINAL_NORM), config.normEps()); // (B, T, D)
    NDArray logits =
        p.trainable() && opt.precision() != Precision.FP32
            ? Kernels.get().logits(normed, embedding, opt.precision()) // (B, T, V) float32
            : Ops.linear(normed, embedding); // (B, T, V), tied output
    SlotUsage usage =
        opt.computeUsage() ? Kernels.get().slotUsage(indices, config.knowledgeNum()) : null;
    return new ForwardOutput(logits, traces, usage);
  }

  /**
   * A pass without gradients that keeps only what generation reads: the logits of the last {@code
   * last} positions and the slots every layer chose. With the continuous memory it is one engine
   * call (the kernel {@code forward_inference}: {@link #forward}'s operations, without a call from
   * Java per block); with the token memory it runs {@link #forward}.
   *
   * @param p parameters bound without gradients
   * @param inputIds (B, T)
   * @param startPos absolute position of the first input token (after cached ones)
   * @param cache key/value cache to read and extend, or null
   * @param last how many of the last positions to compute logits for, 1..T
   */
  public InferenceOutput infer(
      BoundParameters p, NDArray inputIds, int startPos, KvCache cache, int last) {
    return infer(p, inputIds, startPos, cache, last, Intervention.none());
  }

  /**
   * {@link #infer(BoundParameters, NDArray, int, KvCache, int)} under {@code intervention}: an
   * empty one takes exactly the plain path; any other runs {@link #forward} block by block.
   */
  public InferenceOutput infer(
      BoundParameters p,
      NDArray inputIds,
      int startPos,
      KvCache cache,
      int last,
      Intervention intervention) {
    Shape shape = inputIds.getShape();
    if (shape.dimension() != 2 || shape.get(1) == 0) {
      throw new IllegalArgumentException("input ids must be (batch, time), got " + shape);
    }
    long t = shape.get(1);
    if (last < 1 || last > t) {
      throw new IllegalArgumentException("last (" + last + ") must be in 1.." + t);
    }
    if (p.trainable()) {
      throw new IllegalArgumentException("infer runs without gradients: bind the parameters so");
    }
    if (config.memoryVariant() != MemoryVariant.CONTINUOUS || !intervention.isEmpty()) {
      return inferByLayers(p, inputIds, startPos, cache, last, intervention);
    }
    if (startPos < 0 || startPos + t > RotaryEmbedding.MAX_POSITIONS) {
      throw new IllegalArgumentException(
          "positions "
              + startPos
              + ".."
              + (startPos + t - 1)
              + " exceed the rotary table ("
              + RotaryEmbedding.MAX_POSITIONS
              + " positions)");
    }
    NDArray ids =
        inputIds.getDataType() == DataType.INT64
            ? inputIds
            : inputIds.toType(DataType.INT64, false);
    List<Kernels.BlockWeights> weights = blockWeights(p);
    long past = cache == null ? 0 : cache.reserveAll(t);
    RotaryEmbedding.Positions table = rope.table(); // (P, E/2) each
    Kernels.Inferred out =
        Kernels.get()
            .forwardInference(
                ids,
                p.get(EMBEDDING),
                p.get(MEMORY_BANK),
                p.get(FINAL_NORM),
                weights,
                table.cos(),
                table.sin(),
                cache == null ? List.of() : cache.allBuffers(),
                startPos,
                past,
                config,
                last);
    return new InferenceOutput(out.logits(), out.indices(), out.scores());
  }

  /**
   * A decoder that runs one token per step with {@code cache} through fixed-shape buffers,
   * replaying a CUDA graph where the device and the installation allow it ({@link GraphDecoder});
   * empty for the token memory, and where it would not be replayed unless {@code evenWithoutGraph}
   * (then it runs the same kernel call by call, as on the CPU).
   *
   * @param p parameters bound without gradients, kept unchanged while the decoder lives
   * @param cache the cache it extends, position by position
   */
  public java.util.Optional<GraphDecoder> decoder(
      BoundParameters p, KvCache cache, boolean evenWithoutGraph) {
    if (p.trainable()) {
      throw new IllegalArgumentException(
          "the decoder runs without gradients: bind the parameters so");
    }
    if (config.memoryVariant() != MemoryVariant.CONTINUOUS) {
      return java.util.Optional.empty();
    }
    boolean graph = p.get(EMBEDDING).getDevice().isGpu() && CudaGraph.available();
    if (!graph && !evenWithoutGraph) {
      return java.util.Optional.empty();
    }
    List<Kernels.BlockWeights> weights = blockWeights(p);
    return java.util.Optional.of(new GraphDecoder(config, p, weights, rope.table(), cache, graph));
  }

  /** Every block's parameters in {@code p}, in layer order. */
  private List<Kernels.BlockWeights> blockWeights(BoundParameters p) {
    List<Kernels.BlockWeights> weights = new ArrayList<>(blocks.size());
    for (MemoryBlock block : blocks) {
      weights.add(block.weights(p));
    }
    return weights;
  }

  /** {@link #infer} through {@link #forward}. */
  private InferenceOutput inferByLayers(
      BoundParameters p,
      NDArray inputIds,
      int startPos,
      KvCache cache,
      int last,
      Intervention intervention) {
    long t = inputIds.getShape().get(1);
    ForwardOutput out =
        forward(
            p, inputIds, ForwardOptions.decoding(startPos, cache).withIntervention(intervention));
    NDArray logits =
        last == t
            ? out.logits()
            : out.logits().get(new NDIndex(":, {}:", t - last)); // (B, last, V)
    NDList indices = new NDList(out.layers().size());
    NDList scores = new NDList(out.layers().size());
    for (LayerTrace layer : out.layers()) {
      indices.add(layer.memoryIndices()); // (B, T, k)
      scores.add(layer.memoryScores());
    }
    return new InferenceOutput(logits, NDArrays.stack(indices), NDArrays.stack(scores));
  }

  /** The vectors the fusion reads for slots {@code indices} (M): (M, Q). */
  NDArray readSlots(BoundParameters p, NDArray indices) {
    return slotReader(p, p.get(EMBEDDING)).read(indices);
  }

  /**
   * How this pass reads the selected slots. Continuous: rows of {@code memory_bank}, looked up as
   * an embedding (the same rows as the seed's {@code memory_bank[indices]}, with a backward pass
   * that sums repeated slots in a fixed order, which advanced indexing's does not on CPU). Token:
   * each slot's L ids through the token embedding E and the projection W; since both are linear,
   * the projected table P = E W^T (V, Q) is computed once per pass and looked up instead of
   * projecting (M, L, D) embeddings.
   */
  private SlotReader slotReader(BoundParameters p, NDArray embedding) {
    if (config.memoryVariant() == MemoryVariant.CONTINUOUS) {
      NDArray bank = p.get(MEMORY_BANK); // (N, Q)
      return idx -> Ops.embedding(idx, bank);
    }
    NDArray w = p.get(MEMORY_PROJ);
    int len = config.tokenMemory().knowledgeLength();
    int vocab = config.vocabSize();
    if (config.tokenMemory().read() == TokenMemorySettings.KnowledgeRead.MEAN) {
      NDArray table = Ops.linear(embedding, w); // (V, Q): mean_l(E[id_l]) W^T = mean_l P[id_l]
      return idx -> Ops.embedding(tokenMemory.lookup(idx), table).mean(new int[] {1}); // (M, Q)
    }
    // Linear(L*D -> Q) on the concatenation = sum_l E[id_l] W_l^T = sum_l P_l[id_l].
    NDArray wl =
        w.reshape(config.knowledgeDim(), len, config.dim()).transpose(1, 2, 0); // (L, D, Q)
    NDArray tables = embedding.matMul(wl).reshape((long) len * vocab, -1); // (L*V, Q)
    NDManager scope = embedding.getManager();
    NDArray offsets = scope.arange(0, len, 1, DataType.INT64).mul(vocab).reshape(1, len); // (1, L)
    return idx -> Ops.embedding(tokenMemory.lookup(idx).add(offsets), tables).sum(new int[] {1});
  }

  /**
   * Mean next-token cross entropy of {@code logits} (B, T, V) against {@code targets} (B, T),
   * {@code F.cross_entropy} over all positions.
   */
  public static NDArray crossEntropy(NDArray logits, NDArray targets) {
    long v = logits.getShape().get(2);
    NDArray logProbs = logits.reshape(-1, v).logSoftmax(-1); // (B*T, V)
    NDArray picked = logProbs.gather(targets.reshape(-1, 1), 1); // (B*T, 1)
    return picked.mean().neg();
  }

  @Override
  public void close() {
    if (tokenMemory != null) {
      tokenMemory.close();
    }
    rope.close();
    parameters.close();
  }
}
