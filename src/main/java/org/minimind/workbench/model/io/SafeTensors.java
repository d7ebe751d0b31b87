package org.minimind.workbench.model.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (plus an
 * optional {@code __metadata__} object of strings), then the tensors' bytes back to back.
 *
 * <p>Reading treats the file as untrusted: the header is limited to 100 MB and parsed strictly,
 * every tensor's offsets must match its shape and dtype and lie in the data section, and the
 * tensors must cover the data section exactly once (no overlaps, no gaps), as the reference
 * implementation requires. Every violation is a {@link CheckpointException} naming the file and
 * tensor; nothing is allocated before its size has been checked against the file. Tensors are read
 * one at a time through a {@link FileChannel}, so multi-gigabyte files work as long as each tensor
 * is under 2 GiB.
 *
 * <p>Writing is atomic: the file is written to a temporary file in the same directory, forced to
 * disk, then moved over the target, so a crash or error leaves either the old file or the new one,
 * never a torn file.
 */
public final class SafeTensors {

  /** Largest header accepted, in bytes (the reference implementation's limit). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /** Largest tensor rank accepted in a header. */
  static final int MAX_RANK = 64;

  private static final String METADATA_KEY = "__metadata__";
  private static final Logger LOG = LoggerFactory.getLogger(SafeTensors.class);

  private SafeTensors() {}

  /** One tensor's header entry, validated. */
  private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  /** A parsed and validated header. */
  private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

  /**
   * Reads every tensor of a safetensors file, in the order their data appears in the file.
   *
   * @return tensor name to tensor; {@code __metadata__} is not a tensor and is left out (see {@link
   *     #readMetadata})
   * @throws CheckpointException if the file cannot be read or is not a valid safetensors file
   */
  public static LinkedHashMap<String, TensorData> read(Path file) throws CheckpointException {
    Objects.requireNonNull(file, "file");
    try (FileChannel ch = open(file)) {
      Header header = readHeader(file, ch);
      LinkedHashMap<String, TensorData> out = new LinkedHashMap<>();
      for (Entry e : header.entries()) {
        int len = (int) (e.end() - e.begin());
        ByteBuffer buf = ByteBuffer.allocate(len);
        readFully(file, e.name(), ch, buf, header.dataStart() + e.begin());
        buf.flip();
        out.put(e.name(), TensorData.wrap(e.name(), e.dtype(), e.shape(), buf));
      }
      LOG.debug("read {} tensors from {}", out.size(), file);
      return out;
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read the file: " + e, e);
    }
  }

  /**
   * Reads the {@code __metadata__} strings of a safetensors file (the whole header is validated).
   *
   * @return the metadata in header order; empty if the file has none
   * @throws CheckpointException if the file cannot be read or its header is invalid
   */
  public static Map<String, String> readMetadata(Path file) throws CheckpointException {
    Objects.requireNonNull(file, "file");
    try (FileChannel ch = open(file)) {
      return readHeader(file, ch).metadata();
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read the file: " + e, e);
    }
  }

  private static FileChannel open(Path file) throws CheckpointException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "expected a safetensors file, found no such file", e);
    } catch (AccessDeniedException e) {
      throw new CheckpointException(file, "cannot open the file: access denied", e);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot open the file: " + e, e);
    }
  }

  private static void readFully(Path file, String tensor, FileChannel ch, ByteBuffer buf, long pos)
      throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, p);
      if (n < 0) {
        throw new CheckpointException(
            file,
            tensor,
            "expected "
                + buf.limit()
                + " bytes at offset "
                + pos
                + ", found the end of the file (was it truncated while reading?)");
      }
      p += n;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Header parsing

  private static Header readHeader(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < 8) {
      throw new CheckpointException(
          file,
          "expected at least 8 bytes (the header length), found a file of " + size + " bytes");
    }
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file, null, ch, lenBuf, 0);
    long headerLen = lenBuf.getLong(0);
    if (headerLen < 0 || headerLen > MAX_HEADER_BYTES) {
      throw new CheckpointException(
          file,
          "expected a header length of at most "
              + MAX_HEADER_BYTES
              + " bytes, found "
              + Long.toUnsignedString(headerLen)
              + " (not a safetensors file?)");
    }
    if (headerLen > size - 8) {
      throw new CheckpointException(
          file,
          "header length "
              + headerLen
              + " exceeds the file: expected at most "
              + (size - 8)
              + " bytes after the length field");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
    readFully(file, null, ch, hb, 8);
    hb.flip();
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(hb)
              .toString();
    } catch (CharacterCodingException e) {
      throw new CheckpointException(file, "expected a UTF-8 JSON header, found invalid UTF-8", e);
    }
    long dataStart = 8 + headerLen;
    long dataSize = size - dataStart;
    ParsedHeader parsed = parseJson(file, json);
    List<Entry> entries = validate(file, parsed.entries(), dataSize);
    return new Header(entries, Collections.unmodifiableMap(parsed.metadata()), dataStart);
  }

  /** Header fields as found, before cross-checking against the file. */
  private record RawEntry(String name, String dtype, long[] shape, long[] offsets) {}

  private record ParsedHeader(List<RawEntry> entries, Map<String, String> metadata) {}

  private static ParsedHeader parseJson(Path file, String json) throws CheckpointException {
    List<RawEntry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    String current = null;
    try (JsonReader r = new JsonReader(new StringReader(json))) {
      r.setStrictness(Strictness.STRICT);
      JsonToken first = r.peek();
      if (first != JsonToken.BEGIN_OBJECT) {
        throw new CheckpointException(
            file, "expected the JSON header to be an object, found " + describe(first));
      }
      r.beginObject();
      Set<String> seen = new HashSet<>();
      boolean sawMetadata = false;
      while (r.hasNext()) {
        String name = r.nextName();
        current = name;
        if (METADATA_KEY.equals(name)) {
          if (sawMetadata) {
            throw new CheckpointException(file, "expected one __metadata__ entry, found two");
          }
          sawMetadata = true;
          current = null;
          parseMetadata(file, r, metadata);
          continue;
        }
        if (!seen.add(name)) {
          throw new CheckpointException(
              file, name, "expected each tensor name once in the header, found it twice");
        }
        entries.add(parseEntry(file, r, name));
        current = null;
      }
      r.endObject();
      JsonToken rest;
      try {
        rest = r.peek();
      } catch (IOException e) {
        rest = null; // a second value, which strict mode refuses
      }
      if (rest != JsonToken.END_DOCUMENT) {
        throw new CheckpointException(
            file, "expected only padding (spaces) after the JSON header object, found more");
      }
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // MalformedJsonException, IllegalStateException (wrong token), NumberFormatException, ...
      throw new CheckpointException(
          file, current, "expected a valid JSON header, found " + jsonError(e), e);
    }
    return new ParsedHeader(entries, metadata);
  }

  /** Gson's message without its troubleshooting advice, e.g. "malformed JSON at line 1 ...". */
  private static String jsonError(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    String advice = "to accept malformed JSON";
    int i = m.indexOf(advice);
    if (i >= 0) {
      m = "malformed JSON" + m.substring(i + advice.length());
    }
    return m.isEmpty() ? e.getClass().getSimpleName() : m;
  }

  private static void parseMetadata(Path file, JsonReader r, Map<String, String> metadata)
      throws IOException {
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_OBJECT) {
      throw new CheckpointException(
          file, "expected __metadata__ to be an object of strings, found " + describe(t));
    }
    r.beginObject();
    while (r.hasNext()) {
      String key = r.nextName();
      JsonToken v = r.peek();
      if (v != JsonToken.STRING) {
        throw new CheckpointException(
            file, "expected __metadata__ value '" + key + "' to be a string, found " + describe(v));
      }
      if (metadata.put(key, r.nextString()) != null) {
        throw new CheckpointException(
            file, "expected __metadata__ key '" + key + "' once, found it twice");
      }
    }
    r.endObject();
  }

  private static RawEntry parseEntry(Path file, JsonReader r, String name) throws IOException {
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_OBJECT) {
      throw new CheckpointException(
          file,
          name,
          "expected an object with dtype, shape and data_offsets, found " + describe(t));
    }
    r.beginObject();
    String dtype = null;
    long[] shape = null;
    long[] offsets = null;
    while (r.hasNext()) {
      String field = r.nextName();
      switch (field) {
        case "dtype" -> {
          if (dtype != null) {
            throw duplicateField(file, name, field);
          }
          JsonToken v = r.peek();
          if (v != JsonToken.STRING) {
            throw new CheckpointException(
                file, name, "expected dtype to be a string, found " + describe(v));
          }
          dtype = r.nextString();
        }
        case "shape" -> {
          if (shape != null) {
            throw duplicateField(file, name, field);
          }
          shape = readNonNegativeLongs(file, r, name, "shape", MAX_RANK);
        }
        case "data_offsets" -> {
          if (offsets != null) {
            throw duplicateField(file, name, field);
          }
          offsets = readNonNegativeLongs(file, r, name, "data_offsets", 2);
        }
        default ->
            throw new CheckpointException(
                file,
                name,
                "expected only dtype, shape and data_offsets, found field '" + field + "'");
      }
    }
    r.endObject();
    if (dtype == null || shape == null || offsets == null) {
      String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
      throw new CheckpointException(
          file, name, "expected dtype, shape and data_offsets, found no " + missing);
    }
    return new RawEntry(name, dtype, shape, offsets);
  }

  private static CheckpointException duplicateField(Path file, String name, String field) {
    return new CheckpointException(
        file, name, "expected field '" + field + "' once, found it twice");
  }

  private static long[] readNonNegativeLongs(
      Path file, JsonReader r, String name, String field, int maxCount) throws IOException {
    JsonToken t = r.peek();
    if (t != JsonToken.BEGIN_ARRAY) {
      throw new CheckpointException(
          file, name, "expected " + field + " to be an array of integers, found " + describe(t));
    }
    r.beginArray();
    long[] values = new long[Math.min(maxCount, 8)];
    int n = 0;
    while (r.hasNext()) {
      JsonToken v = r.peek();
      if (v != JsonToken.NUMBER) {
        throw new CheckpointException(
            file, name, "expected " + field + " to hold integers, found " + describe(v));
      }
      String literal = r.nextString();
      long value;
      try {
        value = Long.parseLong(literal);
      } catch (NumberFormatException e) {
        throw new CheckpointException(
            file, name, "expected " + field + " to hold 64-bit integers, found " + literal);
      }
      if (value < 0) {
        throw new CheckpointException(
            file, name, "expected non-negative " + field + ", found " + literal);
      }
      if (n == maxCount) {
        throw new CheckpointException(
            file, name, "expected at most " + maxCount + " entries in " + field + ", found more");
      }
      if (n == values.length) {
        values = Arrays.copyOf(values, Math.min(maxCount, values.length * 2));
      }
      values[n++] = value;
    }
    r.endArray();
    return Arrays.copyOf(values, n);
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case BEGIN_ARRAY -> "an array";
      case BEGIN_OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case END_DOCUMENT -> "the end of the header";
      default -> t.toString();
    };
  }

  /** Cross-checks the entries against dtypes and the data section; returns them in file order. */
  private static List<Entry> validate(Path file, List<RawEntry> raw, long dataSize)
      throws CheckpointException {
    List<Entry> entries = new ArrayList<>(raw.size());
    for (RawEntry r : raw) {
      DType dtype =
          DType.fromSafetensorsName(r.dtype())
              .orElseThrow(
                  () ->
                      new CheckpointException(
                          file,
                          r.name(),
                          "expected a dtype among "
                              + DType.supportedNames()
                              + ", found '"
                              + r.dtype()
                              + "'"));
      if (r.offsets().length != 2) {
        throw new CheckpointException(
            file, r.name(), "expected data_offsets [begin, end], found " + Shapes.str(r.offsets()));
      }
      long begin = r.offsets()[0];
      long end = r.offsets()[1];
      if (begin > end) {
        throw new CheckpointException(
            file, r.name(), "expected data_offsets begin <= end, found " + Shapes.str(r.offsets()));
      }
      long bytes = Shapes.byteSizeOrNegative(Shapes.numelOrNegative(r.shape()), dtype);
      if (bytes < 0) {
        throw new CheckpointException(
            file,
            r.name(),
            "shape "
                + Shapes.str(r.shape())
                + " has more elements than fit in"
                + " a 64-bit count");
      }
      if (end - begin != bytes) {
        throw new CheckpointException(
            file,
            r.name(),
            "expected data_offsets spanning "
                + bytes
                + " bytes (shape "
                + Shapes.str(r.shape())
                + " of "
                + dtype
                + "), found "
                + Shapes.str(r.offsets())
                + " spanning "
                + (end - begin)
                + " bytes");
      }
      if (end > dataSize) {
        throw new CheckpointException(
            file,
            r.name(),
            "expected data_offsets within the data section ("
                + dataSize
                + " bytes), found "
                + Shapes.str(r.offsets()));
      }
      if (bytes > Shapes.MAX_TENSOR_BYTES) {
        throw new CheckpointException(
            file,
            r.name(),
            "expected a tensor of at most "
                + Shapes.MAX_TENSOR_BYTES
                + " bytes, found "
                + bytes
                + " bytes");
      }
      entries.add(new Entry(r.name(), dtype, r.shape(), begin, end));
    }
    // Stable sort: zero-sized tensors at the same offset keep header order.
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    Entry previous = null;
    for (Entry e : entries) {
      if (e.begin() < covered) {
        throw new CheckpointException(
            file,
            e.name(),
            "expected data_offsets not overlapping other tensors, found ["
                + e.begin()
                + ", "
                + e.end()
                + "] overlapping tensor '"
                + previous.name()
                + "' ["
                + previous.begin()
                + ", "
                + previous.end()
                + "]");
      }
      if (e.begin() > covered) {
        throw new CheckpointException(
            file,
            e.name(),
            "expected data_offsets to start at "
                + covered
                + " (tensors stored back"
                + " to back), found ["
                + e.begin()
                + ", "
                + e.end()
                + "]: bytes "
                + covered
                + ".."
                + e.begin()
                + " of the data section belong to no tensor");
      }
      covered = e.end();
      previous = e;
    }
    if (covered != dataSize) {
      throw new CheckpointException(
          file,
          "expected the tensors to cover the whole data section ("
              + dataSize
              + " bytes), found "
              + (dataSize - covered)
              + " trailing bytes that belong to no"
              + " tensor");
    }
    return entries;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes tensors to a safetensors file, atomically replacing any existing file.
   *
   * <p>Tensors are stored in the map's iteration order under the map's keys (a tensor's own {@link
   * TensorData#name()} is not used, so one tensor can be stored under two tied names). The header
   * is padded with spaces to a multiple of 8 bytes.
   *
   * @param metadata strings for {@code __metadata__}; null or empty writes none
   * @throws IllegalArgumentException if a name is empty or {@code __metadata__}
   * @throws CheckpointException if the file cannot be written; the previous file, if any, is then
   *     left as it was and no temporary file remains
   */
  public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
      throws CheckpointException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(tensors, "tensors");
    List<Entry> plan = new ArrayList<>(tensors.size());
    long offset = 0;
    for (Map.Entry<String, TensorData> me : tensors.entrySet()) {
      String name = Objects.requireNonNull(me.getKey(), "tensor name");
      TensorData t = Objects.requireNonNull(me.getValue(), () -> "tensor '" + name + "'");
      if (name.isEmpty() || METADATA_KEY.equals(name)) {
        throw new IllegalArgumentException(
            "expected a tensor name other than '' and '"
                + METADATA_KEY
                + "', found '"
                + name
                + "'");
      }
      plan.add(new Entry(name, t.dtype(), t.shape(), offset, offset + t.byteSize()));
      offset += t.byteSize();
    }
    byte[] header = headerBytes(plan, metadata);
    writeAtomically(
        file,
        ch -> {
          ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
          lenBuf.putLong(0, header.length);
          writeFully(ch, lenBuf);
          writeFully(ch, ByteBuffer.wrap(header));
          Iterator<Entry> planned = plan.iterator();
          for (Map.Entry<String, TensorData> me : tensors.entrySet()) {
            Entry p = planned.hasNext() ? planned.next() : null;
            TensorData t = me.getValue();
            if (p == null
                || !p.name().equals(me.getKey())
                || t == null
                || t.byteSize() != p.end() - p.begin()) {
              throw new CheckpointException(
                  file,
                  me.getKey(),
                  "expected the tensor map to stay unchanged while writing, found"
                      + " it modified");
            }
            writeFully(ch, t.data());
          }
          if (planned.hasNext()) {
            throw new CheckpointException(
                file,
                planned.next().name(),
                "expected the tensor map to stay unchanged while"
                    + " writing, found a tensor removed");
          }
        });
    LOG.debug("wrote {} tensors ({} data bytes) to {}", plan.size(), offset, file);
  }

  private static byte[] headerBytes(List<Entry> plan, Map<String, String> metadata) {
    StringWriter sw = new StringWriter();
    try (JsonWriter w = new JsonWriter(sw)) {
      w.setHtmlSafe(false);
      w.beginObject();
      if (metadata != null && !metadata.isEmpty()) {
        w.name(METADATA_KEY).beginObject();
        for (Map.Entry<String, String> m : metadata.entrySet()) {
          w.name(Objects.requireNonNull(m.getKey(), "metadata key"))
              .value(Objects.requireNonNull(m.getValue(), "metadata value"));
        }
        w.endObject();
      }
      for (Entry e : plan) {
        w.name(e.name()).beginObject();
        w.name("dtype").value(e.dtype().safetensorsName());
        w.name("shape").beginArray();
        for (long d : e.shape()) {
          w.value(d);
        }
        w.endArray();
        w.name("data_offsets").beginArray().value(e.begin()).value(e.end()).endArray();
        w.endObject();
      }
      w.endObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to a string failed", e);
    }
    byte[] json = sw.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(json, padded);
    Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /** Writes the body of a file to an open channel. */
  @FunctionalInterface
  interface ChannelWriter extends AtomicFiles.ChannelWriter {}

  /**
   * Writes {@code file} through {@link AtomicFiles}: on any failure {@code file} is left untouched
   * and no temporary file remains.
   */
  static void writeAtomically(Path file, ChannelWriter body) throws CheckpointException {
    try {
      AtomicFiles.write(file, body);
    } catch (CheckpointException e) {
      throw e;
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot write the file: " + e, e);
    }
  }
}
