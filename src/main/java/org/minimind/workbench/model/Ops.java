package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;

/** Small tensor functions shared by the blocks, each the seed's PyTorch expression. */
final class Ops {
  private Ops() {}

  /** {@code F.linear(x, w)}: x (..., in) times w (out, in) transposed gives (..., out). */
  static NDArray linear(NDArray x, NDArray w) {
    return x.getNDArrayInternal().linear(x, w, null).singletonOrThrow();
  }

  /** The seed's RMSNorm: {@code w * (x * rsqrt(mean(x^2, -1) + eps))}. */
  static NDArray rmsNorm(NDArray x, NDArray w, float eps) {
    NDArray inv = x.square().mean(new int[] {-1}, true).add(eps).sqrt().pow(-1); // (..., 1)
    return w.mul(x.mul(inv));
  }

  /** {@code F.silu(x) = x * sigmoid(x)}. */
  static NDArray silu(NDArray x) {
    return x.mul(x.getNDArrayInternal().sigmoid());
  }

  /** Dropout with probability {@code p}, active only while training. */
  static NDArray dropout(NDArray x, double p, boolean training) {
    if (!training || p <= 0) {
      return x;
    }
    return x.getNDArrayInternal().dropout(x, (float) p, true).singletonOrThrow();
  }
}
