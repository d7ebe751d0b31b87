package org.minimind.workbench.model.io;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Element types a checkpoint tensor may have, named as in the safetensors header.
 *
 * <p>Only the types the workbench's models use are listed: three floating-point types for weights
 * (widened to F32 on load) and two integer types for token ids and memory indices.
 */
public enum DType {
  /** IEEE 754 binary32. */
  F32("F32", 4, true),
  /** IEEE 754 binary16 (torch.float16). */
  F16("F16", 2, true),
  /** bfloat16: the top 16 bits of a binary32 (torch.bfloat16). */
  BF16("BF16", 2, true),
  /** Signed 64-bit integer (torch.int64). */
  I64("I64", 8, false),
  /** Signed 32-bit integer (torch.int32). */
  I32("I32", 4, false);

  private final String safetensorsName;
  private final int byteSize;
  private final boolean floatingPoint;

  DType(String safetensorsName, int byteSize, boolean floatingPoint) {
    this.safetensorsName = safetensorsName;
    this.byteSize = byteSize;
    this.floatingPoint = floatingPoint;
  }

  /** The dtype string used in a safetensors header, e.g. {@code "BF16"}. */
  public String safetensorsName() {
    return safetensorsName;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether this is one of the floating-point types (F32, F16, BF16). */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /**
   * The dtype for a safetensors header string (case-sensitive, as the format specifies).
   *
   * @return the dtype, or empty if the string names a type this package does not support
   */
  public static Optional<DType> fromSafetensorsName(String name) {
    for (DType t : values()) {
      if (t.safetensorsName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The supported safetensors names, comma separated, for error messages. */
  static String supportedNames() {
    return Arrays.stream(values()).map(DType::safetensorsName).collect(Collectors.joining(", "));
  }
}
