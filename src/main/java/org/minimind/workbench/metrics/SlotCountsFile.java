package org.minimind.workbench.metrics;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code slot_counts.bin}: per-layer per-slot selection counts every few training steps, for
 * heatmaps over time. Counts are sparse (a batch touches a few percent of a large bank), so each
 * layer is stored as its non-zero slots, delta-coded varints.
 *
 * <pre>
 *   header : "MMSC" u8 version(1) varint layers varint slots
 *   record : i64 step (big-endian), then per layer: varint nnz, nnz x (varint slot delta, varint count)
 * </pre>
 *
 * Records are appended; a record cut short by a crash is ignored when reading.
 */
public final class SlotCountsFile {
  private static final byte[] MAGIC = {'M', 'M', 'S', 'C'};
  private static final int VERSION = 1;

  private SlotCountsFile() {}

  /** One snapshot: {@code counts[layer][slot]} at {@code step}. */
  public record Snapshot(long step, int[][] counts) {}

  /** Appends a snapshot, writing the header first when the file is new. */
  public static void append(Path file, long step, List<int[]> countsPerLayer) throws IOException {
    int layers = countsPerLayer.size();
    int slots = layers == 0 ? 0 : countsPerLayer.get(0).length;
    boolean fresh = !Files.exists(file) || Files.size(file) == 0;
    if (!fresh) {
      int[] dims = readHeader(file);
      if (dims[0] != layers || dims[1] != slots) {
        throw new IOException(
            file
                + ": holds "
                + dims[0]
                + " layers x "
                + dims[1]
                + " slots, not "
                + layers
                + " x "
                + slots);
      }
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buf);
    if (fresh) {
      out.write(MAGIC);
      out.writeByte(VERSION);
      writeVarint(out, layers);
      writeVarint(out, slots);
    }
    out.writeLong(step);
    for (int[] counts : countsPerLayer) {
      int nnz = 0;
      for (int c : counts) {
        if (c != 0) {
          nnz++;
        }
      }
      writeVarint(out, nnz);
      int prev = 0;
      for (int slot = 0; slot < counts.length; slot++) {
        if (counts[slot] != 0) {
          writeVarint(out, slot - prev);
          writeVarint(out, counts[slot]);
          prev = slot;
        }
      }
    }
    out.flush();
    try (OutputStream os =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      buf.writeTo(os);
    }
  }

  /** Every complete snapshot in the file, in order. */
  public static List<Snapshot> read(Path file) throws IOException {
    List<Snapshot> out = new ArrayList<>();
    try (DataInputStream in = open(file)) {
      int[] dims = header(in, file);
      while (true) {
        Snapshot s = readRecord(in, dims[0], dims[1]);
        if (s == null) {
          break;
        }
        out.add(s);
      }
    }
    return out;
  }

  /** Sums the snapshots with {@code from <= step <= to}: counts[layer][slot]. */
  public static int[][] sum(List<Snapshot> snapshots, long from, long to) {
    int[][] total = null;
    for (Snapshot s : snapshots) {
      if (s.step() < from || s.step() > to) {
        continue;
      }
      if (total == null) {
        total = new int[s.counts().length][s.counts().length == 0 ? 0 : s.counts()[0].length];
      }
      for (int l = 0; l < s.counts().length; l++) {
        for (int i = 0; i < s.counts()[l].length; i++) {
          total[l][i] += s.counts()[l][i];
        }
      }
    }
    return total == null ? new int[0][0] : total;
  }

  /** Drops the snapshots after {@code step} and any record cut short (resuming a run). */
  public static void truncateAfter(Path file, long step) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return;
    }
    long keep;
    try (CountingInput counting = new CountingInput(Files.newInputStream(file));
        DataInputStream in = new DataInputStream(counting)) {
      int[] dims = header(in, file);
      keep = counting.count;
      while (true) {
        Snapshot s = readRecord(in, dims[0], dims[1]);
        if (s == null || s.step() > step) {
          break;
        }
        keep = counting.count;
      }
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(keep);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such slot-counts file");
    }
    return new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
  }

  private static int[] readHeader(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      return header(in, file);
    }
  }

  private static int[] header(DataInputStream in, Path file) throws IOException {
    byte[] magic = new byte[4];
    try {
      in.readFully(magic);
      int version = in.readUnsignedByte();
      if (!java.util.Arrays.equals(magic, MAGIC) || version != VERSION) {
        throw new IOException(file + ": not a slot-counts file (version " + VERSION + ")");
      }
      return new int[] {readVarint(in), readVarint(in)};
    } catch (EOFException e) {
      throw new IOException(file + ": slot-counts file ends inside its header", e);
    }
  }

  /** The next record, or null at the end or at a record cut short. */
  private static Snapshot readRecord(DataInputStream in, int layers, int slots) throws IOException {
    try {
      long step = in.readLong();
      int[][] counts = new int[layers][slots];
      for (int l = 0; l < layers; l++) {
        int nnz = readVarint(in);
        int slot = 0;
        for (int i = 0; i < nnz; i++) {
          slot += readVarint(in);
          int c = readVarint(in);
          if (slot < 0 || slot >= slots) {
            return null;
          }
          counts[l][slot] = c;
        }
      }
      return new Snapshot(step, counts);
    } catch (EOFException e) {
      return null;
    }
  }

  private static void writeVarint(DataOutputStream out, int v) throws IOException {
    while ((v & ~0x7F) != 0) {
      out.writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  private static int readVarint(DataInputStream in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("malformed varint in slot-counts file");
  }

  /** Counts the bytes read through it. */
  private static final class CountingInput extends java.io.FilterInputStream {
    long count;

    CountingInput(InputStream in) {
      super(new BufferedInputStream(in));
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
