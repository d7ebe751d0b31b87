package org.minimind.workbench.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HalfPrecisionTest {

  private static float f(int bits) {
    return Float.intBitsToFloat(bits);
  }

  @ParameterizedTest(name = "F16({0}) = {1}")
  @CsvSource({
    // float bits, half bits (values from torch 1.13's .half())
    "0x3f800000, 0x3c00", // 1.0
    "0xc0000000, 0xc000", // -2.0
    "0x477fe000, 0x7bff", // 65504, largest half
    "0x477ff000, 0x7c00", // 65520: tie between 65504 and 65536 rounds to even -> inf
    "0x477feffd, 0x7bff", // just below 65520
    "0x33800000, 0x0001", // 2^-24, smallest subnormal
    "0x33000000, 0x0000", // 2^-25: tie between 0 and 2^-24 -> even (0)
    "0x33000001, 0x0001", // just above 2^-25
    "0x33400000, 0x0001", // 3*2^-26 = 1.5 * 2^-24 -> 1
    "0x38800000, 0x0400", // 2^-14, smallest normal
    "0x387fc000, 0x03ff", // largest subnormal
    "0x387fe000, 0x0400", // tie between largest subnormal and smallest normal -> even (0x400)
    "0x3dcccccd, 0x2e66", // 0.1
    "0x3f801000, 0x3c00", // 1 + 2^-11: tie -> even (1.0)
    "0x3f803000, 0x3c02", // 1 + 3*2^-11: tie -> even (0x3c02)
    "0x322bcc77, 0x0000", // 1e-8 underflows to 0
    "0x7f800000, 0x7c00", // inf
    "0xff800000, 0xfc00", // -inf
    "0x7fc00000, 0x7e00", // NaN
    "0xffc00001, 0xfe00", // negative NaN keeps its sign
    "0x80000000, 0x8000", // -0.0
    "0x7f7fffff, 0x7c00", // float max -> inf
    "0x00000001, 0x0000", // float subnormal -> 0
    "0x80000001, 0x8000"
  })
  void narrowsToHalfLikeTorch(String floatBits, String halfBits) {
    float x = f(Integer.parseUnsignedInt(floatBits.substring(2), 16));
    short expected = (short) Integer.parseInt(halfBits.substring(2), 16);
    assertEquals(
        Integer.toHexString(expected & 0xffff),
        Integer.toHexString(HalfPrecision.floatToHalf(x) & 0xffff));
  }

  @ParameterizedTest(name = "BF16({0}) = {1}")
  @CsvSource({
    "0x3f800000, 0x3f80", // 1.0
    "0x3f808000, 0x3f80", // tie -> even (down)
    "0x3f818000, 0x3f82", // tie -> even (up)
    "0x3f808001, 0x3f81", // above the tie
    "0x3dcccccd, 0x3dcd", // 0.1
    "0x7f7fffff, 0x7f80", // float max rounds to inf, as in torch
    "0x7f7f8000, 0x7f80", // tie at the top -> even -> inf
    "0x000116c2, 0x0001", // float subnormal 1e-40
    "0xbf800000, 0xbf80", // -1.0
    "0xff800000, 0xff80", // -inf
    "0x80000000, 0x8000" // -0.0
  })
  void narrowsToBFloat16LikeTorch(String floatBits, String bfBits) {
    float x = f(Integer.parseUnsignedInt(floatBits.substring(2), 16));
    short expected = (short) Integer.parseInt(bfBits.substring(2), 16);
    assertEquals(
        Integer.toHexString(expected & 0xffff),
        Integer.toHexString(HalfPrecision.floatToBFloat16(x) & 0xffff));
  }

  @Test
  void bfloat16NanStaysNan() {
    assertTrue(
        Float.isNaN(HalfPrecision.bfloat16ToFloat(HalfPrecision.floatToBFloat16(Float.NaN))));
    assertTrue(
        Float.isNaN(
            HalfPrecision.bfloat16ToFloat(
                HalfPrecision.floatToBFloat16(
                    f(0x7f800001))))); // signalling NaN with a low payload
  }

  @ParameterizedTest(name = "widen F16 {0} = {1}")
  @CsvSource({
    // half bits, float bits (numpy float16 -> float32)
    "0x3c00, 0x3f800000",
    "0x7c01, 0x7f802000", // NaN payload kept
    "0x0001, 0x33800000", // smallest subnormal
    "0x03ff, 0x387fc000", // largest subnormal
    "0x8400, 0xb8800000",
    "0xfe00, 0xffc00000",
    "0x7bff, 0x477fe000",
    "0x8001, 0xb3800000",
    "0x8000, 0x80000000",
    "0xfc00, 0xff800000"
  })
  void widensHalfExactly(String halfBits, String floatBits) {
    short h = (short) Integer.parseInt(halfBits.substring(2), 16);
    int expected = Integer.parseUnsignedInt(floatBits.substring(2), 16);
    assertEquals(
        Integer.toHexString(expected),
        Integer.toHexString(Float.floatToRawIntBits(HalfPrecision.halfToFloat(h))));
  }

  @Test
  void everyHalfRoundTripsThroughFloat() {
    for (int h = 0; h < 0x10000; h++) {
      float x = HalfPrecision.halfToFloat((short) h);
      int back = HalfPrecision.floatToHalf(x) & 0xffff;
      boolean nan = (h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0;
      if (nan) {
        assertTrue(Float.isNaN(x), "half 0x" + Integer.toHexString(h));
        assertEquals(h & 0x8000 | 0x7e00, back);
      } else {
        assertEquals(h, back, "half 0x" + Integer.toHexString(h));
      }
    }
  }

  @Test
  void everyBFloat16WidensToItsTopBits() {
    for (int b = 0; b < 0x10000; b++) {
      float x = HalfPrecision.bfloat16ToFloat((short) b);
      assertEquals(b << 16, Float.floatToRawIntBits(x));
      boolean nan = (b & 0x7f80) == 0x7f80 && (b & 0x7f) != 0;
      if (!nan) {
        assertEquals(b, HalfPrecision.floatToBFloat16(x) & 0xffff);
      }
    }
  }

  /** About 4100 values narrowed by torch 1.13 (see src/test/resources/io/README.md). */
  @Test
  void narrowingMatchesTorchOnThousandsOfValues() throws Exception {
    Path file = TestFiles.resource("io/narrowing.safetensors");
    Map<String, TensorData> t = SafeTensors.read(file);
    float[] input = t.get("input").toFloats();
    assertTrue(input.length > 4000);
    TensorData half = TensorData.ofFloats("half", t.get("input").shape(), input, DType.F16);
    TensorData bf16 = TensorData.ofFloats("bf16", t.get("input").shape(), input, DType.BF16);
    assertEquals(t.get("half"), half);
    assertEquals(t.get("bf16"), bf16);
  }
}
