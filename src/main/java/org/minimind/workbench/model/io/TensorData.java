package org.minimind.workbench.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor as stored in a checkpoint: dtype, shape and raw little-endian bytes.
 *
 * <p>Immutable: the factories copy what they are given, and {@link #data()} hands out read-only
 * views. Floating-point tensors convert exactly to float32 ({@link #toFloats()}); integer tensors
 * to {@code long} ({@link #toLongs()}). Narrowing to F16 or BF16 in {@link #ofFloats} rounds to
 * nearest even, bit for bit like PyTorch's {@code .half()} and {@code .bfloat16()}. One tensor
 * holds at most 2^31 - 9 bytes (one Java buffer).
 */
public final class TensorData {

  private final String name;
  private final DType dtype;
  private final long[] shape;
  private final long numel;
  private final ByteBuffer data; // read-only, little-endian, position 0, limit = byte size

  private TensorData(String name, DType dtype, long[] shape, long numel, ByteBuffer data) {
    this.name = name;
    this.dtype = dtype;
    this.shape = shape;
    this.numel = numel;
    this.data = data;
  }

  /**
   * A tensor from raw little-endian bytes: the remaining bytes of {@code data} are copied.
   *
   * @throws IllegalArgumentException if a dimension is negative or the byte count does not match
   *     the shape
   */
  public static TensorData of(String name, DType dtype, long[] shape, ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    long bytes = checkShape(name, dtype, shape);
    if (data.remaining() != bytes) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': shape "
              + Shapes.str(shape)
              + " of "
              + dtype
              + " needs "
              + bytes
              + " bytes, got "
              + data.remaining());
    }
    ByteBuffer copy = ByteBuffer.allocate((int) bytes);
    copy.put(data.duplicate());
    copy.flip();
    return wrap(name, dtype, shape.clone(), copy);
  }

  /**
   * Wraps a buffer this package owns (no copy). The caller must not keep a writable reference.
   * {@code shape} must already be validated to match the buffer's remaining bytes.
   */
  static TensorData wrap(String name, DType dtype, long[] shape, ByteBuffer owned) {
    long numel = Shapes.numelOrNegative(shape);
    ByteBuffer view = owned.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (numel < 0 || (long) view.remaining() != numel * dtype.byteSize()) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': shape "
              + Shapes.str(shape)
              + " does not match "
              + view.remaining()
              + " bytes of "
              + dtype);
    }
    return new TensorData(name, dtype, shape, numel, view);
  }

  /**
   * A float tensor stored as {@code target} (F32, F16 or BF16); see {@link #ofFloats(String,
   * long[], FloatBuffer, DType)}.
   */
  public static TensorData ofFloats(String name, long[] shape, float[] values, DType target) {
    Objects.requireNonNull(values, "values");
    return ofFloats(name, shape, FloatBuffer.wrap(values), target);
  }

  /**
   * A float tensor from the remaining values of {@code values}, stored as {@code target}: F32 keeps
   * the bits; F16 and BF16 round to nearest even.
   *
   * @throws IllegalArgumentException if {@code target} is not a floating-point type or the number
   *     of values does not match the shape
   */
  public static TensorData ofFloats(String name, long[] shape, FloatBuffer values, DType target) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(target, "target");
    if (!target.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': expected a floating-point target dtype (F32, F16, BF16), found "
              + target);
    }
    long bytes = checkShape(name, target, shape);
    long numel = bytes / target.byteSize();
    if (values.remaining() != numel) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': shape "
              + Shapes.str(shape)
              + " needs "
              + numel
              + " values, got "
              + values.remaining());
    }
    ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer src = values.duplicate();
    switch (target) {
      case F32 -> out.asFloatBuffer().put(src);
      case F16 -> {
        while (src.hasRemaining()) {
          out.putShort(HalfPrecision.floatToHalf(src.get()));
        }
      }
      case BF16 -> {
        while (src.hasRemaining()) {
          out.putShort(HalfPrecision.floatToBFloat16(src.get()));
        }
      }
      default -> throw new AssertionError(target);
    }
    out.clear();
    return wrap(name, target, shape.clone(), out);
  }

  /** An I64 tensor. */
  public static TensorData ofLongs(String name, long[] shape, long[] values) {
    return ofLongs(name, shape, values, DType.I64);
  }

  /**
   * An integer tensor stored as {@code target} (I64 or I32).
   *
   * @throws IllegalArgumentException if the count does not match the shape, {@code target} is not
   *     an integer type, or a value does not fit in I32
   */
  public static TensorData ofLongs(String name, long[] shape, long[] values, DType target) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(target, "target");
    if (target != DType.I64 && target != DType.I32) {
      throw new IllegalArgumentException(
          "tensor '" + name + "': expected an integer target dtype (I64, I32), found " + target);
    }
    long bytes = checkShape(name, target, shape);
    long numel = bytes / target.byteSize();
    if (values.length != numel) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': shape "
              + Shapes.str(shape)
              + " needs "
              + numel
              + " values, got "
              + values.length);
    }
    ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (target == DType.I64) {
      out.asLongBuffer().put(values);
    } else {
      for (int i = 0; i < values.length; i++) {
        long v = values[i];
        if (v != (int) v) {
          throw new IllegalArgumentException(
              "tensor '" + name + "': value " + v + " at index " + i + " does not fit in I32");
        }
        out.putInt((int) v);
      }
      out.clear();
    }
    return wrap(name, target, shape.clone(), out);
  }

  /** Validates name and shape; returns the byte size of the tensor. */
  private static long checkShape(String name, DType dtype, long[] shape) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor '"
                + name
                + "': expected non-negative dimensions, found shape "
                + Shapes.str(shape));
      }
    }
    long bytes = Shapes.byteSizeOrNegative(Shapes.numelOrNegative(shape), dtype);
    if (bytes < 0 || bytes > Shapes.MAX_TENSOR_BYTES) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': shape "
              + Shapes.str(shape)
              + " of "
              + dtype
              + " exceeds the largest supported tensor ("
              + Shapes.MAX_TENSOR_BYTES
              + " bytes)");
    }
    return bytes;
  }

  /** The tensor's name (its key in the checkpoint). */
  public String name() {
    return name;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape; {@code []} for a scalar. */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements (1 for a scalar). */
  public long numel() {
    return numel;
  }

  /** Size of the data in bytes. */
  public int byteSize() {
    return data.capacity();
  }

  /** A read-only little-endian view of the raw bytes, positioned at 0. */
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Whether the shape equals {@code expected}. */
  public boolean hasShape(long... expected) {
    return Arrays.equals(shape, expected);
  }

  /**
   * The values as float32: F32 as stored, F16 and BF16 widened exactly.
   *
   * @throws IllegalStateException if the tensor has an integer dtype
   */
  public float[] toFloats() {
    requireFloat();
    float[] out = new float[(int) numel];
    ByteBuffer src = data();
    switch (dtype) {
      case F32 -> src.asFloatBuffer().get(out);
      case F16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfPrecision.halfToFloat(src.getShort());
        }
      }
      case BF16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = HalfPrecision.bfloat16ToFloat(src.getShort());
        }
      }
      default -> throw new AssertionError(dtype);
    }
    return out;
  }

  /**
   * The values as a read-only float32 buffer: a view of the data for F32 (no copy), a widened copy
   * for F16 and BF16.
   *
   * @throws IllegalStateException if the tensor has an integer dtype
   */
  public FloatBuffer toFloatBuffer() {
    requireFloat();
    if (dtype == DType.F32) {
      return data().asFloatBuffer();
    }
    return FloatBuffer.wrap(toFloats()).asReadOnlyBuffer();
  }

  /**
   * The values as longs: I64 as stored, I32 sign-extended.
   *
   * @throws IllegalStateException if the tensor has a floating-point dtype
   */
  public long[] toLongs() {
    if (dtype.isFloatingPoint()) {
      throw new IllegalStateException(
          "tensor '" + name + "': expected an integer dtype (I64, I32), found " + dtype);
    }
    long[] out = new long[(int) numel];
    ByteBuffer src = data();
    if (dtype == DType.I64) {
      LongBuffer lb = src.asLongBuffer();
      lb.get(out);
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] = src.getInt();
      }
    }
    return out;
  }

  /** This tensor as F32 (itself if it already is); floating-point dtypes only. */
  public TensorData toF32() {
    if (dtype == DType.F32) {
      return this;
    }
    return ofFloats(name, shape, toFloats(), DType.F32);
  }

  /** The same dtype, shape and data under another name (shares the immutable data). */
  public TensorData withName(String newName) {
    Objects.requireNonNull(newName, "newName");
    return new TensorData(newName, dtype, shape, numel, data);
  }

  /** Whether {@code other} has the same dtype, shape and bytes, whatever its name. */
  public boolean contentEquals(TensorData other) {
    return other != null
        && dtype == other.dtype
        && Arrays.equals(shape, other.shape)
        && data.equals(other.data);
  }

  private void requireFloat() {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalStateException(
          "tensor '"
              + name
              + "': expected a floating-point dtype (F32, F16, BF16), found "
              + dtype);
    }
  }

  /** Equal when name, dtype, shape and bytes are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TensorData t && name.equals(t.name) && contentEquals(t);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), data);
  }

  @Override
  public String toString() {
    return "TensorData[" + name + ", " + dtype + ", " + Shapes.str(shape) + "]";
  }
}
