package org.minimind.workbench.model;

import java.util.Locale;

/**
 * The number format a training pass computes in. Parameters, gradients and optimizer state stay
 * float32 (the master weights) either way.
 *
 * <ul>
 *   <li>{@link #FP32}: everything in float32, the seed's default;
 *   <li>{@link #BF16}: what the seed does under {@code torch.autocast(dtype=torch.bfloat16)}:
 *       linear layers, the gate's sub-key scores and attention in bfloat16 (inputs and weights cast
 *       for each use), while RMSNorm, softmax, the residual sums, the slot reads and the loss stay
 *       float32. About twice the speed on a GPU with bfloat16 units; results differ from float32 by
 *       bfloat16 rounding (8 bits of mantissa), which can also change which slots a gate selects
 *       where two candidates' scores are close.
 * </ul>
 *
 * <p>It applies to passes with gradients (training); evaluation and generation compute in float32.
 */
public enum Precision {
  FP32(6),
  BF16(15);

  private final int dtypeCode;

  Precision(int dtypeCode) {
    this.dtypeCode = dtypeCode;
  }

  /** PyTorch's ScalarType number of the compute format (6 float32, 15 bfloat16). */
  int dtypeCode() {
    return dtypeCode;
  }

  /** {@code fp32} or {@code bf16}, as the command line writes them. */
  public static Precision parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("precision must be fp32 or bf16, not '" + s + "'");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
