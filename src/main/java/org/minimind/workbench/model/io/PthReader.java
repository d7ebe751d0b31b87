package org.minimind.workbench.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;
import org.minimind.workbench.model.io.TorchUnpickler.PickledStorage;
import org.minimind.workbench.model.io.TorchUnpickler.PickledTensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads PyTorch checkpoints written by {@code torch.save(model.state_dict(), path)}, the format the
 * original training scripts produce, without Python or a tensor engine.
 *
 * <p>Such a file is a zip archive holding {@code <prefix>/data.pkl} (a protocol-2 pickle of an
 * {@code OrderedDict} of tensors whose storages are persistent ids) and one raw little-endian entry
 * {@code <prefix>/data/<key>} per storage. Tensors that share a storage (tied weights) each come
 * out with the same data; views with a storage offset or non-contiguous strides are copied into
 * contiguous row-major data. Float32, float16, bfloat16, int64 and int32 storages are supported.
 * The pickle is interpreted with a whitelist of torch globals; nothing in it is executed.
 */
public final class PthReader {

  /** Largest {@code data.pkl} accepted; a state dict's pickle is a few hundred bytes per tensor. */
  static final long MAX_PICKLE_BYTES = 100_000_000L;

  private static final Logger LOG = LoggerFactory.getLogger(PthReader.class);

  private PthReader() {}

  /**
   * Reads every tensor of a {@code torch.save(state_dict)} file.
   *
   * @return tensor name to tensor, in the state dict's order
   * @throws CheckpointException if the file is not such an archive, a storage is missing or too
   *     short, a storage type is unsupported, or the pickle holds something other than tensors
   */
  public static LinkedHashMap<String, TensorData> read(Path file) throws CheckpointException {
    Objects.requireNonNull(file, "file");
    try (ZipFile zip = openZip(file)) {
      ZipEntry pkl = findDataPkl(file, zip);
      String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
      checkByteOrder(file, zip, prefix);
      byte[] pickle = readEntry(file, null, zip, pkl, MAX_PICKLE_BYTES);
      Object root = unpickle(file, pkl.getName(), pickle);
      if (!(root instanceof Map<?, ?> dict)) {
        throw new CheckpointException(
            file,
            "expected a state dict (a dict of tensors) in "
                + pkl.getName()
                + ", found "
                + TorchUnpickler.typeName(root));
      }
      // Every view is checked, and the storage elements the views reach are counted, before any
      // storage is inflated: a storage is read only as far as its views need, so a huge declared
      // (or deflated) storage behind small views costs nothing.
      LinkedHashMap<String, PickledTensor> tensors = new LinkedHashMap<>();
      Map<String, Long> needed = new HashMap<>();
      long neededBytes = 0;
      for (Map.Entry<?, ?> e : dict.entrySet()) {
        if (!(e.getKey() instanceof String name)) {
          throw new CheckpointException(
              file,
              "expected string keys in the state dict, found "
                  + TorchUnpickler.typeName(e.getKey()));
        }
        if (!(e.getValue() instanceof PickledTensor t)) {
          throw new CheckpointException(
              file, name, "expected a tensor, found " + TorchUnpickler.typeName(e.getValue()));
        }
        long end = viewEnd(file, name, t);
        long had = needed.getOrDefault(t.storage().key(), 0L);
        if (end > had) {
          needed.put(t.storage().key(), end);
          neededBytes += (end - had) * t.storage().type().dtype().byteSize();
        }
        tensors.put(name, t);
      }
      checkHeap(file, neededBytes);
      Map<String, byte[]> storageBytes = new HashMap<>();
      LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
      for (Map.Entry<String, PickledTensor> e : tensors.entrySet()) {
        out.put(
            e.getKey(),
            materialize(file, zip, prefix, e.getKey(), e.getValue(), needed, storageBytes));
      }
      LOG.debug("read {} tensors from {}", out.size(), file);
      return out;
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(file, "cannot read the archive: " + e, e);
    }
  }

  private static ZipFile openZip(Path file) throws CheckpointException {
    try {
      return new ZipFile(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new CheckpointException(file, "expected a torch.save file, found no such file", e);
    } catch (ZipException e) {
      throw new CheckpointException(
          file,
          "expected a zip archive as written by torch.save"
              + (looksLikeLegacyPickle(file)
                  ? ", found the legacy (pre-1.6) format: re-save it with"
                      + " torch.save(..., _use_new_zipfile_serialization=True)"
                  : ", found something else")
              + " ("
              + e.getMessage()
              + ")",
          e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot open the file: " + e, e);
    }
  }

  private static boolean looksLikeLegacyPickle(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
    } catch (IOException e) {
      return false;
    }
  }

  private static ZipEntry findDataPkl(Path file, ZipFile zip) throws CheckpointException {
    ZipEntry best = null;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      String n = e.getName();
      boolean topLevel =
          n.equals("data.pkl")
              || (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length());
      if (topLevel && !e.isDirectory() && (best == null || n.length() < best.getName().length())) {
        best = e;
      }
    }
    if (best == null) {
      throw new CheckpointException(
          file, "expected <prefix>/data.pkl in the archive (as written by torch.save), found none");
    }
    return best;
  }

  private static void checkByteOrder(Path file, ZipFile zip, String prefix) throws IOException {
    ZipEntry e = zip.getEntry(prefix + "byteorder");
    if (e == null) {
      return; // written before torch 2.1: always little-endian in practice
    }
    String order = new String(readEntry(file, null, zip, e, 64), StandardCharsets.US_ASCII).trim();
    if (!order.equals("little")) {
      throw new CheckpointException(file, "expected byteorder 'little', found '" + order + "'");
    }
  }

  private static Object unpickle(Path file, String entry, byte[] pickle)
      throws CheckpointException {
    TorchUnpickler u = new TorchUnpickler(pickle);
    try {
      return u.load();
    } catch (IOException | RuntimeException e) {
      String why =
          e instanceof IOException || e instanceof PickleException
              ? e.getMessage()
              : e.getClass().getSimpleName() + ": " + e.getMessage();
      throw new CheckpointException(
          file,
          "expected a pickled state dict in "
              + entry
              + ", found an unreadable pickle ("
              + why
              + ")",
          e);
    } finally {
      u.close();
    }
  }

  /** Reads a whole entry of at most {@code max} bytes. */
  private static byte[] readEntry(Path file, String tensor, ZipFile zip, ZipEntry e, long max)
      throws IOException {
    long declared = e.getSize();
    if (declared > max) {
      throw new CheckpointException(
          file,
          tensor,
          "expected entry '"
              + e.getName()
              + "' to hold at most "
              + max
              + " bytes, found "
              + declared);
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] data = in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
      if (data.length == max && in.read() >= 0) {
        throw new CheckpointException(
            file,
            tensor,
            "expected entry '" + e.getName() + "' to hold at most " + max + " bytes, found more");
      }
      return data;
    }
  }

  /** Refuses storages that could not fit in the heap left, instead of an OutOfMemoryError. */
  private static void checkHeap(Path file, long bytes) throws CheckpointException {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (bytes > free) {
      throw new CheckpointException(
          file,
          String.format(
              java.util.Locale.ROOT,
              "expected tensors that fit in the Java heap (%d MB free), found %d MB of tensor data;"
                  + " a larger -Xmx may help",
              free >> 20,
              bytes >> 20));
    }
  }

  /**
   * Checks a tensor's view against its storage's declared size; returns the number of storage
   * elements it reaches (one past the highest it touches; 0 for an empty tensor).
   */
  private static long viewEnd(Path file, String name, PickledTensor t) throws CheckpointException {
    PickledStorage s = t.storage();
    DType dtype = s.type().dtype();
    if (dtype == null) {
      throw new CheckpointException(
          file,
          name,
          "expected a storage of type FloatStorage,"
              + " HalfStorage, BFloat16Storage, LongStorage or IntStorage, found unsupported "
              + s.type().qualifiedName());
    }
    int es = dtype.byteSize();
    long[] size = t.size();
    long[] stride = t.stride();
    if (size.length != stride.length) {
      throw new CheckpointException(
          file,
          name,
          "expected as many strides as dimensions, found"
              + " size "
              + Shapes.str(size)
              + " and stride "
              + Shapes.str(stride));
    }
    if (t.storageOffset() < 0) {
      throw new CheckpointException(
          file, name, "expected a non-negative storage offset, found " + t.storageOffset());
    }
    for (int i = 0; i < size.length; i++) {
      if (size[i] < 0 || stride[i] < 0) {
        throw new CheckpointException(
            file,
            name,
            "expected non-negative sizes and strides, found"
                + " size "
                + Shapes.str(size)
                + " and stride "
                + Shapes.str(stride));
      }
    }
    long numel = Shapes.numelOrNegative(size);
    long bytes = Shapes.byteSizeOrNegative(numel, dtype);
    if (bytes < 0 || bytes > Shapes.MAX_TENSOR_BYTES) {
      throw new CheckpointException(
          file,
          name,
          "expected a tensor of at most "
              + Shapes.MAX_TENSOR_BYTES
              + " bytes, found size "
              + Shapes.str(size)
              + " of "
              + dtype);
    }
    if (numel == 0) {
      return 0;
    }
    // Highest storage element the view touches.
    long last;
    try {
      last = t.storageOffset();
      for (int i = 0; i < size.length; i++) {
        last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
      }
    } catch (ArithmeticException e) {
      last = Long.MAX_VALUE;
    }
    if (last >= s.numel()) {
      throw new CheckpointException(
          file,
          name,
          "expected the view (offset "
              + t.storageOffset()
              + ", size "
              + Shapes.str(size)
              + ", stride "
              + Shapes.str(stride)
              + ") to lie within storage '"
              + s.key()
              + "' of "
              + s.numel()
              + " elements, found it"
              + " reaching element "
              + (last == Long.MAX_VALUE ? "beyond 2^63" : last));
    }
    return last + 1;
  }

  private static TensorData materialize(
      Path file,
      ZipFile zip,
      String prefix,
      String name,
      PickledTensor t,
      Map<String, Long> needed,
      Map<String, byte[]> cache)
      throws IOException {
    viewEnd(file, name, t);
    PickledStorage s = t.storage();
    DType dtype = s.type().dtype();
    int es = dtype.byteSize();
    long[] size = t.size();
    long[] stride = t.stride();
    long bytes = Shapes.byteSizeOrNegative(Shapes.numelOrNegative(size), dtype);
    if (bytes == 0) {
      return TensorData.wrap(name, dtype, size, ByteBuffer.allocate(0));
    }
    byte[] storage = storageBytes(file, zip, prefix, name, s, dtype, needed.get(s.key()), cache);
    if (isContiguous(size, stride)) {
      int from = (int) (t.storageOffset() * es);
      return TensorData.wrap(name, dtype, size, ByteBuffer.wrap(storage, from, (int) bytes));
    }
    ByteBuffer out = ByteBuffer.allocate((int) bytes);
    gather(storage, es, t.storageOffset(), size, stride, out);
    out.flip();
    return TensorData.wrap(name, dtype, size, out);
  }

  /** The first {@code elements} elements of a storage (as many as its views reach). */
  private static byte[] storageBytes(
      Path file,
      ZipFile zip,
      String prefix,
      String tensor,
      PickledStorage s,
      DType dtype,
      long elements,
      Map<String, byte[]> cache)
      throws IOException {
    byte[] cached = cache.get(s.key());
    if (cached != null) {
      return cached;
    }
    String entryName = prefix + "data/" + s.key();
    ZipEntry e = zip.getEntry(entryName);
    if (e == null) {
      throw new CheckpointException(
          file, tensor, "expected storage entry '" + entryName + "' in the archive, found none");
    }
    long need = Shapes.byteSizeOrNegative(s.numel(), dtype);
    if (need < 0 || need > Shapes.MAX_TENSOR_BYTES) {
      throw new CheckpointException(
          file,
          tensor,
          "expected storage '"
              + s.key()
              + "' of at most "
              + Shapes.MAX_TENSOR_BYTES
              + " bytes, found "
              + s.numel()
              + " elements of "
              + dtype);
    }
    if (e.getSize() >= 0 && e.getSize() < need) {
      throw tooShort(file, tensor, entryName, s, dtype, need, e.getSize());
    }
    long read = elements * dtype.byteSize(); // <= need: checked by viewEnd
    byte[] data;
    try (InputStream in = zip.getInputStream(e)) {
      data = in.readNBytes((int) read);
    }
    if (data.length < read) {
      throw tooShort(file, tensor, entryName, s, dtype, need, data.length);
    }
    cache.put(s.key(), data);
    return data;
  }

  private static CheckpointException tooShort(
      Path file,
      String tensor,
      String entry,
      PickledStorage s,
      DType dtype,
      long need,
      long found) {
    return new CheckpointException(
        file,
        tensor,
        "expected storage entry '"
            + entry
            + "' to hold "
            + need
            + " bytes ("
            + s.numel()
            + " elements of "
            + dtype
            + "), found "
            + found);
  }

  /** Row-major contiguity; dimensions of size 1 may have any stride (as in torch). */
  private static boolean isContiguous(long[] size, long[] stride) {
    long expected = 1;
    for (int i = size.length - 1; i >= 0; i--) {
      if (size[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= size[i];
    }
    return true;
  }

  /** Copies a strided view (numel > 0, bounds checked) into {@code out} in row-major order. */
  private static void gather(
      byte[] src, int es, long offset, long[] size, long[] stride, ByteBuffer out) {
    int rank = size.length;
    if (rank == 0) {
      out.put(src, (int) (offset * es), es);
      return;
    }
    int inner = rank - 1;
    long innerSize = size[inner];
    long innerStride = stride[inner];
    long[] idx = new long[rank];
    long base = offset;
    while (true) {
      if (innerStride == 1) {
        out.put(src, (int) (base * es), (int) (innerSize * es));
      } else {
        for (long j = 0; j < innerSize; j++) {
          out.put(src, (int) ((base + j * innerStride) * es), es);
        }
      }
      int k = inner - 1;
      while (k >= 0) {
        idx[k]++;
        base += stride[k];
        if (idx[k] < size[k]) {
          break;
        }
        base -= stride[k] * size[k];
        idx[k] = 0;
        k--;
      }
      if (k < 0) {
        return;
      }
    }
  }
}
