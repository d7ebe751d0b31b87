package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Small tensor functions shared by the blocks, each the seed's PyTorch expression.
 *
 * <p>Code that records gradients must not use DJL's {@code NDArray op(Number)} overloads: they wrap
 * the number in a tensor over a Java direct buffer and close it at once, while autograd may keep
 * that tensor for the backward pass (it does for {@code div} and {@code pow}); when the buffer is
 * garbage-collected in between, the backward pass reads freed memory. {@link #scalar} makes a
 * scalar that the engine owns.
 */
public final class Ops {
  private Ops() {}

  /** A 0-dimensional float32 tensor allocated by the engine (safe to keep in an autograd graph). */
  public static NDArray scalar(NDManager manager, double value) {
    return manager.full(new Shape(), (float) value);
  }

  /** {@code F.linear(x, w)}: x (..., in) times w (out, in) transposed gives (..., out). */
  static NDArray linear(NDArray x, NDArray w) {
    return x.getNDArrayInternal().linear(x, w, null).singletonOrThrow();
  }

  /**
   * {@code F.embedding(ids, table)}: rows of {@code table} (R, C) for int64 ids (...) gives (...,
   * C).
   */
  static NDArray embedding(NDArray ids, NDArray table) {
    return table.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  /** Dropout with probability {@code p}, active only while training. */
  static NDArray dropout(NDArray x, double p, boolean training) {
    if (!training || p <= 0) {
      return x;
    }
    return x.getNDArrayInternal().dropout(x, (float) p, true).singletonOrThrow();
  }
}
