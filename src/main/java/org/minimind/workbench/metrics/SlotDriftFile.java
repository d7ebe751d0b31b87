package org.minimind.workbench.metrics;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minimind.workbench.model.io.AtomicFiles;

/**
 * {@code slot_drift.bin}: each memory slot's L2 change over the latest logging interval, with the
 * step it ends at, for the drift histogram. Replaced (atomically) at every logged step.
 *
 * <pre>"MMSD" i64 step i32 slots, then slots x f32 (big-endian)</pre>
 */
public final class SlotDriftFile {
  private static final byte[] MAGIC = {'M', 'M', 'S', 'D'};

  private SlotDriftFile() {}

  /** The latest per-slot change and the step it was measured at. */
  public record Latest(long step, float[] perSlotL2Change) {}

  public static void write(Path file, long step, float[] perSlot) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(16 + perSlot.length * 4).order(ByteOrder.BIG_ENDIAN);
    data.put(MAGIC).putLong(step).putInt(perSlot.length);
    data.asFloatBuffer().put(perSlot);
    data.position(0);
    AtomicFiles.write(
        file,
        ch -> {
          while (data.hasRemaining()) {
            ch.write(data);
          }
        });
  }

  public static Latest read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such slot-drift file");
    }
    byte[] all = Files.readAllBytes(file);
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all))) {
      byte[] magic = new byte[4];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + ": not a slot-drift file");
      }
      long step = in.readLong();
      int n = in.readInt();
      if (n < 0 || 16L + 4L * n != all.length) {
        throw new IOException(file + ": slot-drift file has the wrong length for " + n + " slots");
      }
      float[] v = new float[n];
      ByteBuffer.wrap(all, 16, 4 * n).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(v);
      return new Latest(step, v);
    }
  }
}
