package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding exactly as the seed's {@code precompute_pos_cis} / {@code
 * apply_rotary_emb}: the head vector is read as interleaved pairs {@code (x[2i], x[2i+1])}, each a
 * complex number rotated by {@code t * theta^(-2i/E)}.
 *
 * <p>Complex multiplication {@code (a + ib)(c + is) = (ac - bs) + i(as + bc)} is written with real
 * tensors: {@code x * C + swap(x) * S}, where {@code C = (c, c)} and {@code S = (-s, s)} are the
 * interleaved tables and {@code swap} exchanges the two members of each pair.
 *
 * <p>Shapes: T positions, E head dim.
 */
public final class RotaryEmbedding implements AutoCloseable {
  /** The seed precomputes 32k positions. */
  public static final int MAX_POSITIONS = 32 * 1024;

  private final NDManager manager;
  private final int headDim;
  private final NDArray cosTable; // (MAX_POSITIONS, E): cos of each pair's angle, interleaved
  private final NDArray sinTable; // (MAX_POSITIONS, E): (-sin, +sin) interleaved

  public RotaryEmbedding(NDManager parent, int headDim, double theta) {
    this.manager = parent.newSubManager();
    this.headDim = headDim;
    // freqs = 1 / theta^(arange(0, E, 2) / E), in float32 as the seed computes them.
    NDArray exponents = manager.arange(0, headDim, 2, DataType.FLOAT32).div(headDim); // (E/2)
    NDArray powers = manager.full(exponents.getShape(), (float) theta).pow(exponents);
    NDArray freqs = manager.ones(powers.getShape()).div(powers); // (E/2)
    NDArray t = manager.arange(0, MAX_POSITIONS, 1, DataType.FLOAT32); // (P)
    NDArray angles = t.expandDims(1).mul(freqs.expandDims(0)); // (P, E/2)
    NDArray cos = angles.cos();
    NDArray sin = angles.sin();
    this.cosTable = NDArrays.stack(new NDList(cos, cos), 2).reshape(MAX_POSITIONS, headDim);
    this.sinTable =
        NDArrays.stack(new NDList(sin.neg(), sin), 2).reshape(MAX_POSITIONS, headDim);
  }

  public int headDim() {
    return headDim;
  }

  /**
   * Rotates {@code x} (B, T, heads, E) whose first position is {@code startPos}; returns the same
   * shape.
   */
  public NDArray apply(NDArray x, int startPos) {
    Shape s = x.getShape();
    long seqLen = s.get(1);
    if (startPos < 0 || startPos + seqLen > MAX_POSITIONS) {
      throw new IllegalArgumentException(
          "positions " + startPos + ".." + (startPos + seqLen - 1) + " exceed the rotary table ("
              + MAX_POSITIONS + " positions)");
    }
    NDIndex rows = new NDIndex("{}:{}", startPos, startPos + seqLen);
    NDManager scope = x.getManager();
    NDArray cos = cosTable.get(scope, rows).reshape(1, seqLen, 1, headDim); // (1, T, 1, E)
    NDArray sin = sinTable.get(scope, rows).reshape(1, seqLen, 1, headDim); // (1, T, 1, E)
    long[] pairs = {s.get(0), s.get(1), s.get(2), headDim / 2, 2};
    NDArray swapped = x.reshape(pairs).flip(4).reshape(s); // (B, T, H, E): (x1, x0) per pair
    return x.mul(cos).add(swapped.mul(sin));
  }

  @Override
  public void close() {
    manager.close();
  }
}
