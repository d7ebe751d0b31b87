package org.minimind.workbench.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every size a {@code .pth} file declares is bounded before it is allocated: the pickle's stack,
 * memo, element count and nesting, and the storage bytes (only as many as the views reach).
 */
class PthReaderBoundsTest {
  @TempDir Path dir;

  private String refused(byte[] pickle) throws IOException {
    Path f = PthReaderTest.archive(dir, "hostile.pth", pickle, Map.of());
    CheckpointException e = assertThrows(CheckpointException.class, () -> PthReader.read(f));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void aListThatContainsItselfUsedAsADictKeyIsRefused() throws IOException {
    // {L: None} with L = [L]: 12 bytes; hashing L used to recurse until the stack overflowed
    byte[] pickle =
        new PickleBytes()
            .op('}')
            .op(']')
            .op('q')
            .op(0)
            .op('h')
            .op(0)
            .op('a')
            .op('N')
            .op('s')
            .stop()
            .bytes();
    assertTrue(refused(pickle).contains("unhashable dict key (list)"));
  }

  @Test
  void aContainerInsideItselfIsRefused() throws IOException {
    // {'w': L} with L = [L]
    byte[] pickle =
        new PickleBytes()
            .op('}')
            .str("w")
            .op(']')
            .op('q')
            .op(0)
            .op('h')
            .op(0)
            .op('a')
            .op('s')
            .stop()
            .bytes();
    assertTrue(refused(pickle).contains("contains itself"));
  }

  @Test
  void deepNestingOnTheStackIsRefused() throws IOException {
    PickleBytes p = new PickleBytes();
    for (int i = 0; i <= TorchUnpickler.MAX_STACK; i++) {
      p.op(']');
    }
    assertTrue(refused(p.stop().bytes()).contains("stack grows beyond"));
  }

  @Test
  void deepNestingThroughTheMemoIsRefused() throws IOException {
    // L(i) = [L(i-1)], 100k deep with a stack of two entries: each list is memoized and popped
    PickleBytes p = new PickleBytes().op('}').str("w").op(']').op('r').int32(0).op('0');
    int depth = 100_000;
    for (int i = 1; i < depth; i++) {
      p.op(']').op('j').int32(i - 1).op('a').op('r').int32(i).op('0');
    }
    p.op('j').int32(depth - 1).op('s');
    String msg = refused(p.stop().bytes());
    assertTrue(
        msg.contains("nests containers more than " + TorchUnpickler.MAX_DEPTH + " deep"), msg);
  }

  @Test
  void aFloodedMemoIsRefused() throws IOException {
    PickleBytes p = new PickleBytes();
    for (int i = 0; i <= TorchUnpickler.MAX_MEMO; i++) {
      p.op('N').op('r').int32(i).op('0');
    }
    assertTrue(refused(p.stop().bytes()).contains("memo grows beyond"));
  }

  @Test
  void setsAndAppendsToNonListsAreNamed() throws IOException {
    assertTrue(refused(new PickleBytes().op(0x8f).stop().bytes()).contains("a set"));
    assertTrue(
        refused(new PickleBytes().op('}').op('N').op('a').stop().bytes())
            .contains("cannot append to dict, expected a list"));
  }

  /**
   * A deflated storage of 64M floats behind a 4-element view: only the 16 bytes the view reaches
   * are inflated (the bytes this thread allocates stay far below the storage's 256 MB).
   */
  @Test
  void aStorageIsInflatedOnlyAsFarAsItsViewsReach() throws IOException {
    int numel = 64 << 20;
    byte[] pickle =
        new PickleBytes()
            .orderedDict()
            .mark()
            .str("w")
            .tensor("FloatStorage", "0", numel, 0, new long[] {4}, new long[] {1})
            .setitems()
            .stop()
            .bytes();
    Path f = dir.resolve("bomb.pth");
    try (OutputStream os = Files.newOutputStream(f);
        ZipOutputStream out = new ZipOutputStream(os)) {
      out.putNextEntry(new ZipEntry("archive/data.pkl"));
      out.write(pickle);
      out.closeEntry();
      out.putNextEntry(new ZipEntry("archive/data/0"));
      byte[] chunk = new byte[1 << 20];
      java.nio.ByteBuffer.wrap(chunk)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .putFloat(1.5f)
          .putFloat(2.5f)
          .putFloat(3.5f)
          .putFloat(4.5f);
      out.write(chunk);
      java.util.Arrays.fill(chunk, (byte) 0);
      for (int i = 1; i < numel * 4 / chunk.length; i++) {
        out.write(chunk);
      }
      out.closeEntry();
    }
    assertTrue(Files.size(f) < 2_000_000, "the archive is small: " + Files.size(f));
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    TensorData w = PthReader.read(f).get("w");
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f, 4.5f}, w.toFloats());
    assertEquals(4, w.numel());
    assertTrue(allocated < 32L << 20, "allocated " + allocated + " bytes");
  }
}
