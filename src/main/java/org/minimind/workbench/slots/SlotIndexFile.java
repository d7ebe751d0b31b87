package org.minimind.workbench.slots;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.minimind.workbench.model.io.AtomicFiles;

/**
 * The slot index on disk ({@code slot-index.bin}), little-endian:
 *
 * <pre>
 *   magic    "MMSLOTIX"                    8 bytes
 *   version  i32 = 1
 *   shape    i32 layers, i32 N, i32 k, i32 K, i32 chunk length
 *   sizes    i64 tokens T, i32 documents D, i64 checkpoint step (-1: unknown)
 *   strings  checkpoint, checkpoint fingerprint, corpus: each i32 byte length + UTF-8
 *   tokens   i32[T]                         the indexed ids
 *   docs     i32[D]                         where each document starts
 *   layer x layers:
 *     i32[N] counts, f32[N] score sums, f32[N] max scores
 *     i32 E = sum over slots of min(count, K)
 *     i32[E] positions, f32[E] scores       slot after slot, each slot's best first
 *   crc      u32 CRC-32 of every byte before it
 * </pre>
 *
 * Size: 64 + strings + 4 (T + D) + layers x (12 N + 4 + 8 E) + 4 bytes, E <= min(N K, T k).
 */
final class SlotIndexFile {
  static final byte[] MAGIC = "MMSLOTIX".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  private static final int BUFFER = 1 << 20;

  private SlotIndexFile() {}

  static void write(SlotIndex index, Path file) throws IOException {
    AtomicFiles.write(
        file,
        channel -> {
          Out out = new Out(channel);
          IndexHeader h = index.header();
          out.bytes(MAGIC);
          out.i32(VERSION);
          out.i32(h.layers());
          out.i32(h.knowledgeNum());
          out.i32(h.numSelected());
          out.i32(h.topK());
          out.i32(h.chunkLength());
          out.i64(h.tokens());
          out.i32(index.rawDocumentStarts().length);
          out.i64(h.checkpointStep());
          out.string(h.checkpoint());
          out.string(h.checkpointFingerprint());
          out.string(h.corpus());
          out.ints(index.rawTokens());
          out.ints(index.rawDocumentStarts());
          for (LayerTable t : index.tables()) {
            out.ints(t.counts);
            out.floats(t.sums);
            out.floats(t.max);
            out.i32(t.positions.length);
            out.ints(t.positions);
            out.floats(t.scores);
          }
          out.finish();
        });
  }

  static SlotIndex read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      In in = new In(ch, file);
      byte[] magic = in.bytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + ": not a slot index (it does not start with MMSLOTIX)");
      }
      int version = in.i32();
      if (version != VERSION) {
        throw new IOException(
            file + ": slot index format version " + version + "; this build reads " + VERSION);
      }
      int layers = in.count("layers", 1 << 12);
      int n = in.count("knowledge_num", 1 << 30);
      int k = in.i32();
      int topK = in.i32();
      int chunk = in.i32();
      long tokens = in.i64();
      int documents = in.count("documents", Integer.MAX_VALUE);
      long step = in.i64();
      String checkpoint = in.string();
      String fingerprint = in.string();
      String corpus = in.string();
      IndexHeader header;
      try {
        header =
            new IndexHeader(
                layers, n, k, topK, chunk, tokens, checkpoint, step, fingerprint, corpus);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": corrupt slot index header (" + e.getMessage() + ")", e);
      }
      in.expectAtLeast(
          4 * (tokens + documents) + (long) layers * (12L * n + 4), "its tokens and counts");
      int[] ids = in.ints((int) tokens);
      int[] starts = in.ints(documents);
      List<LayerTable> tables = new ArrayList<>(layers);
      for (int l = 0; l < layers; l++) {
        int[] counts = in.ints(n);
        float[] sums = in.floats(n);
        float[] max = in.floats(n);
        int entries = in.count("contexts of layer " + l, Integer.MAX_VALUE);
        in.expectAtLeast(8L * entries, "the contexts of layer " + l);
        int[] positions = in.ints(entries);
        float[] scores = in.floats(entries);
        try {
          tables.add(new LayerTable(counts, sums, max, positions, scores, topK));
        } catch (IllegalArgumentException e) {
          throw new IOException(
              file + ": corrupt slot index, layer " + l + ": " + e.getMessage(), e);
        }
      }
      in.checkCrc();
      try {
        return new SlotIndex(header, ids, starts, tables);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": corrupt slot index (" + e.getMessage() + ")", e);
      }
    }
  }

  /** Buffered little-endian output that keeps a CRC of what it wrote. */
  private static final class Out {
    private final WritableByteChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();

    Out(WritableByteChannel ch) {
      this.ch = ch;
    }

    private void room(int bytes) throws IOException {
      if (buf.remaining() < bytes) {
        flush();
      }
    }

    private void flush() throws IOException {
      buf.flip();
      crc.update(buf.duplicate());
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }

    void bytes(byte[] b) throws IOException {
      room(b.length);
      buf.put(b);
    }

    void i32(int v) throws IOException {
      room(4);
      buf.putInt(v);
    }

    void i64(long v) throws IOException {
      room(8);
      buf.putLong(v);
    }

    void string(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i32(b.length);
      for (int at = 0; at < b.length; at += BUFFER / 2) {
        int len = Math.min(BUFFER / 2, b.length - at);
        room(len);
        buf.put(b, at, len);
      }
    }

    void ints(int[] v) throws IOException {
      for (int at = 0; at < v.length; ) {
        room(4);
        int len = Math.min(v.length - at, buf.remaining() / 4);
        buf.asIntBuffer().put(v, at, len);
        buf.position(buf.position() + 4 * len);
        at += len;
      }
    }

    void floats(float[] v) throws IOException {
      for (int at = 0; at < v.length; ) {
        room(4);
        int len = Math.min(v.length - at, buf.remaining() / 4);
        buf.asFloatBuffer().put(v, at, len);
        buf.position(buf.position() + 4 * len);
        at += len;
      }
    }

    void finish() throws IOException {
      flush();
      long value = crc.getValue();
      buf.putInt((int) value);
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  /** Buffered little-endian input that checks the CRC and names a short file as truncated. */
  private static final class In {
    private final FileChannel ch;
    private final Path file;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private long consumed;

    In(FileChannel ch, Path file) {
      this.ch = ch;
      this.file = file;
      buf.limit(0);
    }

    /** Makes {@code bytes} available in the buffer (at most {@link #BUFFER}). */
    private void need(int bytes) throws IOException {
      if (buf.remaining() >= bytes) {
        return;
      }
      buf.compact();
      while (buf.position() < bytes) {
        if (ch.read(buf) < 0) {
          throw truncated();
        }
      }
      buf.flip();
    }

    private IOException truncated() throws IOException {
      return new IOException(
          file
              + ": truncated slot index ("
              + ch.size()
              + " bytes; it ends inside its data, the header promises more)",
          new EOFException());
    }

    private void consumed(int start, int len) {
      crc.update(buf.array(), start, len);
      consumed += len;
    }

    byte[] bytes(int n) throws IOException {
      need(n);
      byte[] b = new byte[n];
      int at = buf.position();
      buf.get(b);
      consumed(at, n);
      return b;
    }

    int i32() throws IOException {
      need(4);
      int at = buf.position();
      int v = buf.getInt();
      consumed(at, 4);
      return v;
    }

    long i64() throws IOException {
      need(8);
      int at = buf.position();
      long v = buf.getLong();
      consumed(at, 8);
      return v;
    }

    /** A count that must lie in 0..max (a corrupt one must not allocate gigabytes). */
    int count(String what, int max) throws IOException {
      int v = i32();
      if (v < 0 || v > max) {
        throw new IOException(file + ": corrupt slot index (" + what + " = " + v + ")");
      }
      return v;
    }

    /** Fails as truncated unless the file still holds {@code bytes} after what was read. */
    void expectAtLeast(long bytes, String what) throws IOException {
      if (ch.size() - consumed < bytes) {
        throw new IOException(
            file + ": truncated slot index (" + ch.size() + " bytes, too few for " + what + ")");
      }
    }

    String string() throws IOException {
      int len = count("a string's length", 1 << 20);
      expectAtLeast(len, "its header");
      byte[] b = new byte[len];
      for (int at = 0; at < len; ) {
        int part = Math.min(BUFFER / 2, len - at);
        need(part);
        int start = buf.position();
        buf.get(b, at, part);
        consumed(start, part);
        at += part;
      }
      return new String(b, StandardCharsets.UTF_8);
    }

    int[] ints(int n) throws IOException {
      int[] v = new int[n];
      for (int at = 0; at < n; ) {
        need(Math.min(4, 4 * (n - at)));
        int len = Math.min(n - at, buf.remaining() / 4);
        int start = buf.position();
        buf.asIntBuffer().get(v, at, len);
        buf.position(start + 4 * len);
        consumed(start, 4 * len);
        at += len;
      }
      return v;
    }

    float[] floats(int n) throws IOException {
      float[] v = new float[n];
      for (int at = 0; at < n; ) {
        need(Math.min(4, 4 * (n - at)));
        int len = Math.min(n - at, buf.remaining() / 4);
        int start = buf.position();
        buf.asFloatBuffer().get(v, at, len);
        buf.position(start + 4 * len);
        consumed(start, 4 * len);
        at += len;
      }
      return v;
    }

    void checkCrc() throws IOException {
      long expected = crc.getValue();
      need(4);
      long stored = buf.getInt() & 0xffffffffL;
      if (stored != expected) {
        throw new IOException(
            file
                + ": corrupt slot index (checksum "
                + Long.toHexString(stored)
                + ", its contents give "
                + Long.toHexString(expected)
                + ")");
      }
      consumed += 4;
      if (buf.hasRemaining() || ch.size() > consumed) {
        throw new IOException(
            file + ": corrupt slot index (" + (ch.size() - consumed) + " bytes after its end)");
      }
    }
  }
}
