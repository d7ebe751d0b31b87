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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Tensor operations that DJL's engine does not offer, or offers only as dozens of small calls,
 * run as PyTorch's own kernels: scaled-dot-product attention, the seed's slot statistics, memory
 * drift, gradient clipping and AdamW. They are written in TorchScript ({@code
 * kernels.torchscript} beside this class), which the loaded libtorch compiles once per process,
 * so they run on whatever device and libtorch the engine uses.
 *
 * <p>Each method is one engine call. On a GPU that matters most: the host then queues a training
 * step's work without waiting for the device, instead of reading a value back after every small
 * operation.
 *
 * <p>Results are attached to the manager of the first array passed in, unless a method says
 * otherwise. Thread-safe.
 */
public final class Kernels {
  private static final String SOURCE = "kernels.torchscript";

  private final NDManager manager;
  private final PtSymbolBlock module;
  private final NDArray causalAttention;
  private final NDArray maskedAttention;
  private final NDArray fullAttention;
  // dropout_p as 0-d CPU tensors (a TorchScript float argument cannot travel in an NDList)
  private final Map<Double, NDArray> dropoutScalars = new ConcurrentHashMap<>();

  private Kernels() {
    this.manager = NDManager.newBaseManager(Device.cpu());
    manager.setName("kernels");
    try (InputStream in = new ByteArrayInputStream(archive(source()))) {
      this.module = JniUtils.loadModule((PtNDManager) manager, in, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the workbench's TorchScript kernels", e);
    }
    this.causalAttention = marker("causal_attention");
    this.maskedAttention = marker("masked_attention");
    this.fullAttention = marker("full_attention");
  }

  private static final class Holder {
    static final Kernels INSTANCE = new Kernels();
  }

  /** The kernels, compiled on first use. */
  public static Kernels get() {
    return Holder.INSTANCE;
  }

  /**
   * The seed's {@code F.scaled_dot_product_attention(q, k, v, is_causal=True)} with {@code
   * dropout_p = dropout}; recorded by autograd like any other operation.
   *
   * @param q (B, H, T, E)
   * @param k (B, H, T, E), key heads already repeated to H
   * @param v (B, H, T, E)
   * @return (B, H, T, E)
   */
  NDArray causalAttention(NDArray q, NDArray k, NDArray v, double dropout) {
    NDArray p = dropoutScalars.computeIfAbsent(dropout, d -> manager.create(d.floatValue()));
    return IValueUtils.forward(module, new NDList(q, k, v, p, causalAttention), true).get(0);
  }

  /**
   * Attention of one query that may see every key (the newest position over a key/value cache).
   *
   * @param q (B, H, 1, E)
   * @param k (B, H, P+1, E)
   * @param v (B, H, P+1, E)
   * @return (B, H, 1, E)
   */
  NDArray fullAttention(NDArray q, NDArray k, NDArray v) {
    return IValueUtils.forward(module, new NDList(q, k, v, fullAttention), true).get(0);
  }

  /**
   * Attention of T new queries over P + T keys.
   *
   * @param q (B, H, T, E)
   * @param k (B, H, P+T, E)
   * @param v (B, H, P+T, E)
   * @param mask (T, P+T) boolean, true where a query may see a key
   * @return (B, H, T, E)
   */
  NDArray maskedAttention(NDArray q, NDArray k, NDArray v, NDArray mask) {
    return IValueUtils.forward(module, new NDList(q, k, v, mask, maskedAttention), true).get(0);
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
        IValue result = IValueUtils.runMethod(module, "slot_usage", list, n)) {
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
        IValue result = IValueUtils.runMethod(module, "memory_drift", b, p, t)) {
      return tuple(result, out);
    }
  }

  /**
   * {@code torch.nn.utils.clip_grad_norm_}: scales the gradients in place so that their total
   * L2 norm is at most {@code maxNorm} (0 leaves them as they are).
   *
   * @return (P) float32 each gradient's norm before scaling, in the first gradient's manager
   */
  public NDArray clipGradNorm(List<NDArray> grads, double maxNorm) {
    try (IValue list = IValue.listFrom(pt(grads));
        IValue max = IValue.from(maxNorm);
        IValue result = IValueUtils.runMethod(module, "clip_grad_norm_", list, max)) {
      return result.toTensor((PtNDManager) grads.get(0).getManager());
    }
  }

  /**
   * One {@code torch.optim.AdamW} update ({@code fused=True}: one kernel for every parameter), in
   * place, of {@code params} from {@code grads} with moments {@code expAvgs} and {@code
   * expAvgSqs}; {@code steps} holds each parameter's step count after this update.
   */
  public void adamw(
      List<NDArray> params,
      List<NDArray> grads,
      List<NDArray> expAvgs,
      List<NDArray> expAvgSqs,
      long[] steps,
      double lr,
      double beta1,
      double beta2,
      double weightDecay,
      double eps) {
    try (IValue p = IValue.listFrom(pt(params));
        IValue g = IValue.listFrom(pt(grads));
        IValue m = IValue.listFrom(pt(expAvgs));
        IValue v = IValue.listFrom(pt(expAvgSqs));
        IValue s = IValue.listFrom(steps);
        IValue a = IValue.from(lr);
        IValue b1 = IValue.from(beta1);
        IValue b2 = IValue.from(beta2);
        IValue wd = IValue.from(weightDecay);
        IValue e = IValue.from(eps);
        IValue none = IValueUtils.runMethod(module, "adamw_", p, g, m, v, s, a, b1, b2, wd, e)) {
      // the method returns None; the update happened in place
    }
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
   * A TorchScript archive as {@code torch.jit.save} writes one for a module without parameters:
   * the class's source, the pickled module object (its {@code training} flag), no constants.
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
