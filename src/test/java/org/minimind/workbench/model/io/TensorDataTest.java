package org.minimind.workbench.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class TensorDataTest {

  @Test
  void f32KeepsBitsAndIsLittleEndian() {
    float[] v = {1.0f, -0.0f, Float.MIN_VALUE, Float.NaN};
    TensorData t = TensorData.ofFloats("w", new long[] {2, 2}, v, DType.F32);
    assertEquals(4, t.numel());
    assertEquals(16, t.byteSize());
    ByteBuffer raw = t.data();
    assertEquals(ByteOrder.LITTLE_ENDIAN, raw.order());
    assertEquals((byte) 0x80, raw.get(2)); // 1.0f = 0x3f800000: LE bytes 00 00 80 3f
    assertEquals((byte) 0x3f, raw.get(3));
    float[] back = t.toFloats();
    for (int i = 0; i < v.length; i++) {
      assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]));
    }
    assertEquals(1.0f, t.toFloatBuffer().get(0));
  }

  @Test
  void f16AndBf16StoreNarrowedBits() {
    TensorData h =
        TensorData.ofFloats("h", new long[] {3}, new float[] {1f, 65504f, 1e-8f}, DType.F16);
    ByteBuffer hb = h.data();
    assertEquals(0x3c00, hb.getShort(0) & 0xffff);
    assertEquals(0x7bff, hb.getShort(2) & 0xffff);
    assertEquals(0x0000, hb.getShort(4) & 0xffff);
    assertArrayEquals(new float[] {1f, 65504f, 0f}, h.toFloats());

    TensorData b =
        TensorData.ofFloats(
            "b",
            new long[] {2},
            FloatBuffer.wrap(new float[] {Float.intBitsToFloat(0x3f818000), 0.1f}),
            DType.BF16);
    assertEquals(0x3f82, b.data().getShort(0) & 0xffff);
    assertEquals(0x3dcd, b.data().getShort(2) & 0xffff);
    assertEquals(Float.intBitsToFloat(0x3f820000), b.toFloats()[0]);
  }

  @Test
  void bf16WideningIsExact() {
    ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    raw.putShort((short) 0x3f81)
        .putShort((short) 0x0001)
        .putShort((short) 0xff80)
        .putShort((short) 0x7fc1)
        .flip();
    float[] f = TensorData.of("b", DType.BF16, new long[] {4}, raw).toFloats();
    assertEquals(0x3f810000, Float.floatToRawIntBits(f[0]));
    assertEquals(0x00010000, Float.floatToRawIntBits(f[1]));
    assertEquals(0xff800000, Float.floatToRawIntBits(f[2]));
    assertEquals(0x7fc10000, Float.floatToRawIntBits(f[3]));
  }

  @Test
  void longsAndInts() {
    long[] v = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
    TensorData t = TensorData.ofLongs("ids", new long[] {2, 2}, v);
    assertEquals(DType.I64, t.dtype());
    assertArrayEquals(v, t.toLongs());
    TensorData i =
        TensorData.ofLongs("ids", new long[] {3}, new long[] {-5, 0, Integer.MAX_VALUE}, DType.I32);
    assertEquals(12, i.byteSize());
    assertArrayEquals(new long[] {-5, 0, Integer.MAX_VALUE}, i.toLongs());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorData.ofLongs("big", new long[] {1}, new long[] {1L << 40}, DType.I32));
    assertTrue(e.getMessage().contains("'big'"), e.getMessage());
  }

  @Test
  void shapeAndDataMustAgree() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorData.ofFloats("layers.0.w", new long[] {2, 3}, new float[5], DType.F32));
    assertTrue(e.getMessage().contains("'layers.0.w'"), e.getMessage());
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorData.ofLongs("ids", new long[] {4}, new long[] {1, 2}));
    assertTrue(e.getMessage().contains("'ids'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorData.of("raw", DType.F16, new long[] {3}, ByteBuffer.allocate(5)));
    assertTrue(e.getMessage().contains("'raw'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorData.ofFloats("neg", new long[] {-1, 2}, new float[0], DType.F32));
    assertTrue(e.getMessage().contains("'neg'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TensorData.ofFloats(
                    "huge", new long[] {1L << 40, 1L << 40}, new float[0], DType.F32));
    assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorData.ofFloats("x", new long[] {1}, new float[1], DType.I64));
    assertTrue(e.getMessage().contains("I64"), e.getMessage());
  }

  @Test
  void wrongKindOfConversionIsRefused() {
    TensorData ids = TensorData.ofLongs("ids", new long[] {1}, new long[] {1});
    IllegalStateException e = assertThrows(IllegalStateException.class, ids::toFloats);
    assertTrue(e.getMessage().contains("'ids'"));
    TensorData w = TensorData.ofFloats("w", new long[] {1}, new float[] {1}, DType.F32);
    assertThrows(IllegalStateException.class, w::toLongs);
  }

  @Test
  void isImmutable() {
    float[] v = {1, 2};
    long[] shape = {2};
    TensorData t = TensorData.ofFloats("w", shape, v, DType.F32);
    v[0] = 99;
    shape[0] = 7;
    assertEquals(1f, t.toFloats()[0]);
    assertArrayEquals(new long[] {2}, t.shape());
    t.shape()[0] = 5;
    assertArrayEquals(new long[] {2}, t.shape());
    assertThrows(ReadOnlyBufferException.class, () -> t.data().put(0, (byte) 1));

    ByteBuffer src = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 3f);
    TensorData copy = TensorData.of("c", DType.F32, new long[] {}, src);
    src.putFloat(0, 4f);
    assertEquals(3f, copy.toFloats()[0]);
    assertEquals(0, copy.rank());
    assertEquals(1, copy.numel());
  }

  @Test
  void equalityCoversNameDtypeShapeAndBytes() {
    TensorData a = TensorData.ofFloats("a", new long[] {2}, new float[] {1, 2}, DType.F32);
    assertEquals(a, TensorData.ofFloats("a", new long[] {2}, new float[] {1, 2}, DType.F32));
    assertEquals(
        a.hashCode(),
        TensorData.ofFloats("a", new long[] {2}, new float[] {1, 2}, DType.F32).hashCode());
    assertNotEquals(a, a.withName("b"));
    assertTrue(a.contentEquals(a.withName("b")));
    assertNotEquals(a, TensorData.ofFloats("a", new long[] {1, 2}, new float[] {1, 2}, DType.F32));
    assertNotEquals(a, TensorData.ofFloats("a", new long[] {2}, new float[] {1, 3}, DType.F32));
    assertNotEquals(a, TensorData.ofFloats("a", new long[] {2}, new float[] {1, 2}, DType.F16));
  }

  @Test
  void toF32WidensAndKeepsF32() {
    TensorData a = TensorData.ofFloats("a", new long[] {2}, new float[] {0.5f, -3f}, DType.F32);
    assertSame(a, a.toF32());
    TensorData h = TensorData.ofFloats("h", new long[] {2}, new float[] {0.5f, -3f}, DType.F16);
    TensorData w = h.toF32();
    assertEquals(DType.F32, w.dtype());
    assertEquals("h", w.name());
    assertArrayEquals(new float[] {0.5f, -3f}, w.toFloats());
  }
}
