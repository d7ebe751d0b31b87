package org.minimind.workbench.model.io;

import java.util.Arrays;

/** Shape arithmetic shared by the readers and writers: checked products and printing. */
final class Shapes {

  /** Largest tensor, in bytes, this package holds in one buffer. */
  static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

  private Shapes() {}

  /**
   * Number of elements of {@code shape}, or -1 if a dimension is negative or the product does not
   * fit in a long.
   */
  static long numelOrNegative(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return n;
  }

  /** Bytes of {@code numel} elements of {@code dtype}, or -1 on overflow. */
  static long byteSizeOrNegative(long numel, DType dtype) {
    if (numel < 0) {
      return -1;
    }
    try {
      return Math.multiplyExact(numel, (long) dtype.byteSize());
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  /** Formats a shape as {@code [64, 32]}. */
  static String str(long[] shape) {
    return Arrays.toString(shape);
  }
}
