package org.minimind.workbench.model.io;

/**
 * Exact conversions between float32 and the two 16-bit float formats, as PyTorch does them.
 *
 * <p>Widening (16 to 32 bits) is exact for every input, including subnormals, infinities and NaN
 * payloads. Narrowing rounds to nearest, ties to even, like {@code tensor.half()} and {@code
 * tensor.bfloat16()}: values beyond the target range become infinity, values below half the
 * smallest subnormal become (signed) zero. Java 17 has no {@code Float.float16ToFloat}, hence this
 * class.
 */
public final class HalfPrecision {

  private HalfPrecision() {}

  /** Widens IEEE binary16 bits to the float they represent (exact). */
  public static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      // Subnormal: mant * 2^-24, exact in binary32.
      float magnitude = mant * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    if (exp == 0x1f) {
      // Infinity (mant == 0) or NaN with its payload kept in the top mantissa bits.
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /**
   * Narrows a float to IEEE binary16 bits, rounding to nearest even. NaN becomes the quiet NaN
   * {@code 0x7e00} with the input's sign, as in PyTorch.
   */
  public static short floatToHalf(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (mant == 0 ? sign | 0x7c00 : sign | 0x7e00);
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      // Result is a binary16 subnormal (or rounds up to the smallest normal): m * 2^-24.
      int shift = 14 - e; // 14..
      if (shift > 24) {
        return (short) sign; // below half the smallest subnormal (also float subnormals)
      }
      int full = mant | 0x800000;
      int m = full >>> shift;
      int rem = full & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (m & 1) != 0)) {
        m++;
      }
      return (short) (sign | m);
    }
    int h = sign | (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
      h++; // a carry into the exponent is correct, up to infinity
    }
    return (short) h;
  }

  /** Widens bfloat16 bits to the float they represent (exact: they are its top 16 bits). */
  public static float bfloat16ToFloat(short bf16) {
    return Float.intBitsToFloat((bf16 & 0xffff) << 16);
  }

  /**
   * Narrows a float to bfloat16 bits, rounding to nearest even like PyTorch. NaN stays a quiet NaN
   * with the input's sign.
   */
  public static short floatToBFloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7fffffff) > 0x7f800000) {
      return (short) ((bits >>> 16) | 0x0040);
    }
    int roundingBias = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + roundingBias) >>> 16);
  }
}
