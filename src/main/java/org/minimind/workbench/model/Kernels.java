package org.minimind.workbench.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The model's and the training loop's tensor functions as the seed's own PyTorch operations, one
 * engine call each: a block's attention and memory gate, its gated fusion, RMSNorm, the seed's slot
 * statistics, memory drift, gradient clipping and AdamW. They are written in TorchScript ({@code
 * kernels.torchscript} beside this class, a line-for-line transcription of the seed's functions),
 * which the engine's libtorch compiles once per process, so they run on whatever device and
 * libtorch the engine uses, with operations DJL lacks (scaled-dot-product attention, complex
 * numbers, fused AdamW).
 *
 * <p>Why: every engine call from Java costs a few microseconds and an object to close, which is
 * what a small model's step or a generated token is mostly made of; and on a GPU a training step is
 * queued whole and waited for once, instead of reading values back after small operations.
 *
 * <p>Results are attached to the manager of the first array passed in, unless a method says
 * otherwise. Thread-safe.
 */
public final class Kernels {
  private static final String SOURCE = "kernels.torchscript";

  private final NDManager manager;
  private final PtSymbolBlock module;
  private final Map<String, NDArray> methods = new ConcurrentHashMap<>();
  // 0-d CPU tensors for the methods' scalar arguments (only arrays travel in an NDList call)
  private final Map<Double, NDArray> scalars = new ConcurrentHashMap<>();

  private Kernels() {
    this.manager = NDManager.newBaseManager(Device.cpu());
    manager.setName("kernels");
    try (InputStream in = new ByteArrayInputStream(archive(source()))) {
      this.module = JniUtils.loadModule((PtNDManager) manager, in, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the workbench's TorchScript kernels", e);
    }
  }

  private static final class Holder {
    static final Kernels INSTANCE = new Kernels();
  }

  /** The kernels, compiled on first use. */
  public static Kernels get() {
    return Holder.INSTANCE;
  }

  /**
   * The seed's {@code RMSNorm}: {@code weight * (x * rsqrt(mean(x^2, -1) + eps))}.
   *
   * @param x (..., D)
   * @param weight (D)
   * @return (..., D)
   */
  NDArray rmsNorm(NDArray x, NDArray weight, double eps) {
    return call("rms_norm", x, weight, scalar(eps)).get(0);
  }

  /** A block's parameters, in the order the block kernels take them. */
  record BlockWeights(
      NDArray attentionNorm,
      NDArray wq,
      NDArray wk,
      NDArray wv,
      NDArray wo,
      NDArray memoryNorm,
      NDArray gateProj,
      NDArray keys,
      NDArray fusionGate,
      NDArray fusionUp,
      NDArray fusionDown) {

    /** The attention and gate weights, in the order the attend-and-select kernels take them. */
    List<NDArray> attentionAndGate() {
      return List.of(attentionNorm, wq, wk, wv, wo, memoryNorm, gateProj, keys);
    }

    /** All eleven, in the order the whole-model kernels take them (attention, gate, fusion). */
    List<NDArray> all() {
      List<NDArray> out = new ArrayList<>(attentionAndGate());
      out.addAll(List.of(fusionGate, fusionUp, fusionDown));
      return out;
    }
  }

  /** What the first half of a block produced; see {@link #attendAndSelect}. */
  record Selection(NDArray h, NDArray forMemory, NDArray indices, NDArray scores) {}

  /**
   * The seed's {@code MiniMindBlock.forward} up to the slots it reads: {@code h_attn =
   * attention(attention_norm(x))}, {@code h = x + h_attn}, the memory gate on {@code
   * memory_norm(h_attn)}. With a cache, x's keys and values are written after the {@code past}
   * cached positions and x attends over all of them.
   *
   * @param x (B, T, D)
   * @param positions the rotary angles of x's positions, (T, E/2) each
   * @param cache (B, C, G, E) key and value buffers, or null
   * @param past positions already in the cache (0 without one)
   * @param gradients whether autograd must record the pass (else it runs in inference mode)
   * @return h and the gate's input (B, T, D), the slots (B, T, k) int64, best first, and their
   *     scores (B, T, k)
   */
  Selection attendAndSelect(
      NDArray x,
      BlockWeights w,
      RotaryEmbedding.Positions positions,
      NDArray[] cache,
      long past,
      ModelConfig cfg,
      double dropout,
      boolean gradients,
      Precision precision) {
    if (!gradients) {
      return attendAndSelectInference(x, w, positions, cache, past, cfg);
    }
    try (NDArray settings =
        manager.create(
            new double[] {
              cfg.nHeads(),
              cfg.nKvHeads(),
              cfg.numSelected(),
              cfg.normEps(),
              dropout,
              past,
              precision.dtypeCode()
            })) {
      List<NDArray> inputs = attendInputs(x, w, positions);
      if (cache != null) {
        inputs.add(cache[0]);
        inputs.add(cache[1]);
      }
      inputs.add(settings);
      String method = cache == null ? "attend_and_select" : "attend_and_select_cached";
      NDList out = call(method, inputs.toArray(NDArray[]::new));
      return new Selection(out.get(0), out.get(1), out.get(2), out.get(3));
    }
  }

  /**
   * The arrays every attend-and-select kernel takes first (a list the caller may extend): x, the
   * block's attention and gate weights, and the rotary angles.
   */
  private static List<NDArray> attendInputs(
      NDArray x, BlockWeights w, RotaryEmbedding.Positions positions) {
    List<NDArray> inputs = new ArrayList<>(11);
    inputs.add(x);
    inputs.addAll(w.attentionAndGate());
    inputs.add(positions.cos());
    inputs.add(positions.sin());
    return inputs;
  }

  /**
   * {@link #attendAndSelect} for a pass without gradients: typed arguments, PyTorch's inference
   * mode. Its results must not be modified in place later (none are).
   */
  private Selection attendAndSelectInference(
      NDArray x,
      BlockWeights w,
      RotaryEmbedding.Positions positions,
      NDArray[] cache,
      long past,
      ModelConfig cfg) {
    List<NDArray> tensors = attendInputs(x, w, positions);
    List<IValue> scalars = new ArrayList<>();
    if (cache != null) {
      tensors.add(cache[0]);
      tensors.add(cache[1]);
      scalars.add(IValue.from(past));
    }
    addShape(scalars, cfg);
    String method =
        cache == null ? "attend_and_select_inference" : "attend_and_select_cached_inference";
    NDArray[] out = inference(method, tensors, scalars);
    return new Selection(out[0], out[1], out[2], out[3]);
  }

  /**
   * {@link #attendAndSelect} without gradients, with the memory gate under an intervention (the
   * kernel {@code gate_intervened}; see {@link Intervention}).
   *
   * @param banned (N) bool, slots out of the gate's candidates; or an empty array
   * @param forced (F) int64, slots forced into every position's selection; or an empty array
   * @return as {@link #attendAndSelect}
   */
  Selection attendAndSelectIntervened(
      NDArray x,
      BlockWeights w,
      RotaryEmbedding.Positions positions,
      NDArray[] cache,
      long past,
      ModelConfig cfg,
      NDArray banned,
      NDArray forced) {
    List<IValue> args = new ArrayList<>();
    try {
      for (NDArray a : attendInputs(x, w, positions)) {
        args.add(IValue.from((PtNDArray) a));
      }
      args.add(IValue.listFrom(cache == null ? new PtNDArray[0] : pt(List.of(cache))));
      args.add(IValue.from(past));
      addShape(args, cfg);
      args.add(IValue.from((PtNDArray) banned));
      args.add(IValue.from((PtNDArray) forced));
      try (IValue result = run("attend_and_select_intervened", args.toArray(IValue[]::new))) {
        NDArray[] out = tuple(result, x.getManager());
        return new Selection(out[0], out[1], out[2], out[3]);
      }
    } finally {
      args.forEach(IValue::close);
    }
  }

  /**
   * The rest of the block: {@code h + GatedMemoryFusion(forMemory, selected)}.
   *
   * @param selected the selected slots, B * T * k rows of Q values in any shape
   * @param gradients whether autograd must record the pass (else it runs in inference mode)
   * @return (B, T, D)
   */
  NDArray fuse(
      NDArray h,
      NDArray forMemory,
      NDArray selected,
      BlockWeights w,
      double dropout,
      boolean gradients,
      Precision precision) {
    if (gradients) {
      try (NDArray settings = manager.create(new double[] {dropout, precision.dtypeCode()})) {
        return call(
                "fuse",
                h,
                forMemory,
                selected,
                w.fusionGate(),
                w.fusionUp(),
                w.fusionDown(),
                settings)
            .get(0);
      }
    }
    return inference(
        "fuse_inference",
        List.of(h, forMemory, selected, w.fusionGate(), w.fusionUp(), w.fusionDown()),
        List.of())[0];
  }

  /**
   * The tied output projection {@code normed W^T} computing in {@code precision}, as float32.
   *
   * @param normed (B, T, D)
   * @param embedding (V, D)
   * @return (B, T, V) float32
   */
  NDArray logits(NDArray normed, NDArray embedding, Precision precision) {
    return call("logits", normed, embedding, scalar(precision.dtypeCode())).get(0);
  }

  /** What {@link #forwardInference} returns; see {@link MemoryLM#infer}. */
  record Inferred(NDArray logits, NDArray indices, NDArray scores) {}

  /**
   * The seed's {@code MiniMindLM.forward} without gradients for the continuous memory, every block
   * in one call (the kernel {@code forward_inference}).
   *
   * @param ids (B, T) int64
   * @param embedding (V, D), also the output projection
   * @param bank (N, Q)
   * @param blocks each block's weights
   * @param cos the rotary table (P, E/2), of which rows {@code start .. start + T - 1} are used
   * @param caches each layer's key and value buffers, (B, C, G, E), holding {@code past} positions;
   *     empty without a cache
   * @param last how many of the last positions to compute logits for
   * @return logits (B, last, V); memory indices (L, B, T, k) int64 and scores (L, B, T, k);
   *     attached to the manager of {@code ids}
   */
  Inferred forwardInference(
      NDArray ids,
      NDArray embedding,
      NDArray bank,
      NDArray finalNorm,
      List<BlockWeights> blocks,
      NDArray cos,
      NDArray sin,
      List<NDArray> caches,
      long start,
      long past,
      ModelConfig cfg,
      int last) {
    List<NDArray> weights = flatten(blocks);
    List<IValue> args = new ArrayList<>();
    try {
      for (NDArray a : List.of(ids, embedding, bank, finalNorm)) {
        args.add(IValue.from((PtNDArray) a));
      }
      args.add(IValue.listFrom(pt(weights)));
      args.add(IValue.from((PtNDArray) cos));
      args.add(IValue.from((PtNDArray) sin));
      args.add(IValue.listFrom(pt(caches)));
      args.add(IValue.from(start));
      args.add(IValue.from(past));
      addShape(args, cfg);
      args.add(IValue.from((long) last));
      try (IValue result = run("forward_inference", args.toArray(IValue[]::new))) {
        NDArray[] out = tuple(result, ids.getManager());
        return new Inferred(out[0], out[1], out[2]);
      }
    } finally {
      args.forEach(IValue::close);
    }
  }

  /**
   * Runs {@code method} in inference mode on {@code tensors} followed by {@code scalars} (which it
   * closes); the results (a tensor or a tuple of them) join the first tensor's manager.
   */
  private NDArray[] inference(String method, List<NDArray> tensors, List<IValue> scalars) {
    List<IValue> values = new ArrayList<>(tensors.size());
    try {
      for (NDArray t : tensors) {
        values.add(IValue.from((PtNDArray) t));
      }
      List<IValue> args = new ArrayList<>(values);
      args.addAll(scalars);
      try (IValue result = run(method, args.toArray(IValue[]::new))) {
        NDManager out = tensors.get(0).getManager();
        return result.isTensor()
            ? new NDArray[] {result.toTensor((PtNDManager) out)}
            : tuple(result, out);
      }
    } finally {
      values.forEach(IValue::close);
      scalars.forEach(IValue::close);
    }
  }

  /** The inputs and outputs of {@link #decodeStatic}, which keep their addresses between calls. */
  record DecodeBuffers(
      NDArray ids, NDArray pos, NDArray slots, NDArray logits, NDArray indices, NDArray scores) {}

  /**
   * One token through every block with fixed shapes (the kernel {@code decode_static}): reads the
   * token and position in {@code io.ids} (B, 1) and {@code io.pos} (1), writes its keys and values
   * into {@code caches} at that position and the results into {@code io}'s logits (B, 1, V),
   * indices and scores (L, B, 1, k). Nothing is returned or allocated outside the call, so that a
   * CUDA graph can record it.
   */
  void decodeStatic(
      DecodeBuffers io,
      NDArray embedding,
      NDArray bank,
      NDArray finalNorm,
      List<BlockWeights> blocks,
      NDArray cos,
      NDArray sin,
      List<NDArray> caches,
      ModelConfig cfg) {
    List<IValue> args = new ArrayList<>();
    try {
      for (NDArray a : List.of(io.ids(), io.pos(), embedding, bank, finalNorm)) {
        args.add(IValue.from((PtNDArray) a));
      }
      args.add(IValue.listFrom(pt(flatten(blocks))));
      args.add(IValue.from((PtNDArray) cos));
      args.add(IValue.from((PtNDArray) sin));
      args.add(IValue.listFrom(pt(caches)));
      args.add(IValue.from((PtNDArray) io.slots()));
      addShape(args, cfg);
      for (NDArray a : List.of(io.logits(), io.indices(), io.scores())) {
        args.add(IValue.from((PtNDArray) a));
      }
      try (IValue none = run("decode_static", args.toArray(IValue[]::new))) {
        // the results were written into io
      }
    } finally {
      args.forEach(IValue::close);
    }
  }

  /** Copies {@code ids} (B, 1) and {@code pos} (1), CPU int64, into {@code io}'s inputs. */
  void decodeFeed(DecodeBuffers io, NDArray ids, NDArray pos) {
    try (IValue a = IValue.from((PtNDArray) io.ids());
        IValue b = IValue.from((PtNDArray) io.pos());
        IValue c = IValue.from((PtNDArray) ids);
        IValue d = IValue.from((PtNDArray) pos);
        IValue none = run("decode_feed", a, b, c, d)) {
      // copied in place
    }
  }

  /** The model settings the whole-model kernels take: n_heads, n_kv_heads, num_selected, eps. */
  private static void addShape(List<IValue> args, ModelConfig cfg) {
    args.add(IValue.from((long) cfg.nHeads()));
    args.add(IValue.from((long) cfg.nKvHeads()));
    args.add(IValue.from((long) cfg.numSelected()));
    args.add(IValue.from(cfg.normEps()));
  }

  private static List<NDArray> flatten(List<BlockWeights> blocks) {
    List<NDArray> weights = new ArrayList<>(blocks.size() * 11);
    for (BlockWeights w : blocks) {
      weights.addAll(w.all());
    }
    return weights;
  }

  /**
   * Runs {@code method} on {@code inputs} with autograd recording as for any operation (DJL's
   * NDList call, which passes only arrays); the results join the first input's manager.
   */
  private NDList call(String method, NDArray... inputs) {
    NDList list = new NDList(inputs.length + 1);
    for (NDArray a : inputs) {
      list.add(a);
    }
    list.add(methods.computeIfAbsent(method, this::marker));
    plainExecutor();
    return IValueUtils.forward(module, list, true);
  }

  private static final ThreadLocal<Boolean> PLAIN = ThreadLocal.withInitial(() -> false);

  /**
   * Runs this thread's TorchScript calls without the graph executor's optimisations (a per-thread
   * setting of libtorch). The profiling executor would, from the third call on, replace the
   * kernels' operations with fused graphs and its own symbolic gradients, which differ from eager
   * autograd: the memory bank's gradient then no longer matches the seed's (seen: 6e-4).
   */
  private static void plainExecutor() {
    if (!PLAIN.get()) {
      JniUtils.setGraphExecutorOptimize(false);
      PLAIN.set(true);
    }
  }

  /** A cached 0-d float64 CPU tensor holding {@code value}. */
  private NDArray scalar(double value) {
    return scalars.computeIfAbsent(value, v -> manager.create(v.doubleValue()));
  }

  /**
   * The seed's slot statistics of every layer (see {@link SlotUsage}), on the indices' device.
   *
   * @param indices one (B, T, k) int64 array per layer
   * @param knowledgeNum N, the number of slots
   */
  public SlotUsage slotUsage(List<NDArray> indices, int knowledgeNum) {
    NDManager out = indices.get(0).getManager();
    try (IValue list = IValue.listFrom(pt(indices));
        IValue n = IValue.from((long) knowledgeNum);
        IValue result = run("slot_usage", list, n)) {
      NDArray[] stats = tuple(result, out);
      long selections = indices.get(0).size();
      return new SlotUsage(stats[0], stats[1], selections);
    }
  }

  /**
   * The seed's {@code get_memory_update_stats}: how far {@code bank} (N, Q) moved from {@code
   * previous} (N, Q), which then becomes a copy of the bank.
   *
   * @return [0] (4) float64: mean and max L2 change, cosine similarity, slots moved more than
   *     {@code threshold}; [1] (N) float32 each slot's L2 change. Attached to {@code out}.
   */
  NDArray[] memoryDrift(NDArray bank, NDArray previous, double threshold, NDManager out) {
    try (IValue b = IValue.from((PtNDArray) bank);
        IValue p = IValue.from((PtNDArray) previous);
        IValue t = IValue.from(threshold);
        IValue result = run("memory_drift", b, p, t)) {
      return tuple(result, out);
    }
  }

  /**
   * {@code torch.nn.utils.clip_grad_norm_}: scales the gradients in place so that their total L2
   * norm is at most {@code maxNorm} (0 leaves them as they are).
   *
   * @return (P) float32 each gradient's norm before scaling, in the first gradient's manager
   */
  public NDArray clipGradNorm(List<NDArray> grads, double maxNorm) {
    try (IValue list = IValue.listFrom(pt(grads));
        IValue max = IValue.from(maxNorm);
        IValue result = run("clip_grad_norm_", list, max)) {
      return result.toTensor((PtNDManager) grads.get(0).getManager());
    }
  }

  /**
   * One {@code torch.optim.AdamW} update ({@code fused=True}: one kernel for every parameter), in
   * place, of {@code params} from {@code grads} with moments {@code expAvgs} and {@code expAvgSqs};
   * {@code steps} holds each parameter's step count (0-d float32 on the parameters' device), which
   * the update advances by one first, as PyTorch's does.
   */
  public void adamw(
      List<NDArray> params,
      List<NDArray> grads,
      List<NDArray> expAvgs,
      List<NDArray> expAvgSqs,
      List<NDArray> steps,
      double lr,
      double beta1,
      double beta2,
      double weightDecay,
      double eps) {
    try (IValue p = IValue.listFrom(pt(params));
        IValue g = IValue.listFrom(pt(grads));
        IValue m = IValue.listFrom(pt(expAvgs));
        IValue v = IValue.listFrom(pt(expAvgSqs));
        IValue s = IValue.listFrom(pt(steps));
        IValue a = IValue.from(lr);
        IValue b1 = IValue.from(beta1);
        IValue b2 = IValue.from(beta2);
        IValue wd = IValue.from(weightDecay);
        IValue e = IValue.from(eps);
        IValue none = run("adamw_", p, g, m, v, s, a, b1, b2, wd, e)) {
      // the method returns None; the update happened in place
    }
  }

  /** Runs {@code method} without autograd (in inference mode), with arguments of any type. */
  private IValue run(String method, IValue... args) {
    plainExecutor();
    return IValueUtils.runMethod(module, method, args);
  }

  private static PtNDArray[] pt(List<NDArray> arrays) {
    PtNDArray[] out = new PtNDArray[arrays.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (PtNDArray) arrays.get(i);
    }
    return out;
  }

  private static NDArray[] tuple(IValue result, NDManager manager) {
    IValue[] items = result.toIValueTuple();
    NDArray[] out = new NDArray[items.length];
    try {
      for (int i = 0; i < items.length; i++) {
        out[i] = items[i].toTensor((PtNDManager) manager);
      }
    } finally {
      for (IValue item : items) {
        item.close();
      }
    }
    return out;
  }

  /** A 0-d array whose name selects the TorchScript method an NDList call runs. */
  private NDArray marker(String method) {
    NDArray a = manager.create(0f);
    a.setName("module_method:" + method);
    return a;
  }

  private static String source() {
    try (InputStream in = Kernels.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + SOURCE + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A TorchScript archive as {@code torch.jit.save} writes one for a module without parameters: the
   * class's source, the pickled module object (its {@code training} flag), no constants.
   */
  static byte[] archive(String code) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      stored(zip, "kernels/version", "3\n".getBytes(StandardCharsets.US_ASCII));
      stored(zip, "kernels/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      stored(zip, "kernels/constants.pkl", Pickle.emptyTuple());
      stored(zip, "kernels/data.pkl", Pickle.moduleObject("__torch__", "Kernels", "training"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** The two pickles (protocol 2) a TorchScript archive of a parameterless module holds. */
  private static final class Pickle {
    private static final int PROTO = 0x80;
    private static final int EMPTY_TUPLE = ')';
    private static final int STOP = '.';
    private static final int GLOBAL = 'c';
    private static final int NEWOBJ = 0x81;
    private static final int EMPTY_DICT = '}';
    private static final int BINUNICODE = 'X';
    private static final int NEWTRUE = 0x88;
    private static final int SETITEM = 's';
    private static final int BUILD = 'b';

    static byte[] emptyTuple() {
      return new byte[] {(byte) PROTO, 2, EMPTY_TUPLE, STOP};
    }

    /** {@code module.__class__(); module.__setstate__({flag: True})}. */
    static byte[] moduleObject(String module, String cls, String flag) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(PROTO);
      out.write(2);
      out.write(GLOBAL);
      out.writeBytes((module + "\n" + cls + "\n").getBytes(StandardCharsets.US_ASCII));
      out.write(EMPTY_TUPLE);
      out.write(NEWOBJ);
      out.write(EMPTY_DICT);
      byte[] key = flag.getBytes(StandardCharsets.UTF_8);
      out.write(BINUNICODE);
      out.write(key.length); // little-endian 4-byte length; the names here are short
      out.write(0);
      out.write(0);
      out.write(0);
      out.writeBytes(key);
      out.write(NEWTRUE);
      out.write(SETITEM);
      out.write(BUILD);
      out.write(STOP);
      return out.toByteArray();
    }
  }
}
