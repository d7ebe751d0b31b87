package org.minimind.workbench.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file larger than 2 GiB whose last tensor starts beyond offset 2^31. Needs about 2.3 GB of heap
 * and a file system with sparse files, hence tagged slow (run with {@code -Dexcluded.groups=}).
 */
@Tag("slow")
class SafeTensorsLargeFileTest {

  @TempDir Path dir;

  @Test
  void readsTensorsBeyondTwoGigabytes() throws IOException {
    long big = 1_150_000_000L; // bytes per big tensor (F32, 287.5M elements)
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":["
            + big / 4
            + "],\"data_offsets\":[0,"
            + big
            + "]},\"b\":{\"dtype\":\"F32\",\"shape\":["
            + big / 4
            + "],\"data_offsets\":["
            + big
            + ","
            + 2 * big
            + "]},\"tail\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":["
            + 2 * big
            + ","
            + (2 * big + 16)
            + "]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    Path f = dir.resolve("large.safetensors");
    long dataStart = 8 + h.length;
    try (FileChannel ch =
        FileChannel.open(
            f,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.SPARSE)) {
      ByteBuffer head = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(h.length).put(h).flip();
      ch.write(head, 0);
      ByteBuffer last = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 2.5f);
      ch.write(last, dataStart + big - 4); // last element of a
      ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      tail.putLong(0, 42).putLong(8, -7);
      ch.write(tail, dataStart + 2 * big); // beyond 2^31
    }
    Map<String, TensorData> m = SafeTensors.read(f);
    assertArrayEquals(new long[] {42, -7}, m.get("tail").toLongs());
    assertEquals(2.5f, m.get("a").toFloatBuffer().get((int) (big / 4 - 1)));
    assertEquals(0f, m.get("b").toFloatBuffer().get(0));
  }
}
