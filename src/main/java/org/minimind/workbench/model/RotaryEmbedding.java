package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The seed's rotary position embedding: {@code precompute_pos_cis} gives each position t and pair i
 * of a head vector the angle {@code t * theta^(-2i/E)}, and {@code apply_rotary_emb} ({@link
 * Kernels#rotary}) reads the head vector as interleaved pairs {@code (x[2i], x[2i+1])}, complex
 * numbers multiplied by {@code cos + i sin} of their angle. The angles are computed once, in
 * float32 as the seed computes them; a pass takes the rows of its positions ({@link #positions}).
 *
 * <p>Shapes: P positions of the table, T positions of a pass, E head dim.
 */
public final class RotaryEmbedding implements AutoCloseable {
  /** The seed precomputes 32k positions. */
  public static final int MAX_POSITIONS = 32 * 1024;

  private final NDManager manager;
  private final int headDim;
  private final NDArray cosTable; // (P, E/2)
  private final NDArray sinTable; // (P, E/2)

  /** The cosines and sines of T consecutive positions, (T, E/2) each. */
  public record Positions(NDArray cos, NDArray sin) {}

  public RotaryEmbedding(NDManager parent, int headDim, double theta) {
    this.manager = parent.newSubManager();
    this.headDim = headDim;
    // freqs = 1 / theta^(arange(0, E, 2) / E), in float32 as the seed computes them.
    NDArray exponents = manager.arange(0, headDim, 2, DataType.FLOAT32).div(headDim); // (E/2)
    NDArray powers = manager.full(exponents.getShape(), (float) theta).pow(exponents);
    NDArray freqs = manager.ones(powers.getShape()).div(powers); // (E/2)
    NDArray t = manager.arange(0, MAX_POSITIONS, 1, DataType.FLOAT32); // (P)
    NDArray angles = t.expandDims(1).mul(freqs.expandDims(0)); // (P, E/2)
    this.cosTable = angles.cos();
    this.sinTable = angles.sin();
  }

  public int headDim() {
    return headDim;
  }

  /**
   * The table's rows for positions {@code startPos .. startPos + count - 1}, attached to {@code
   * scope}.
   */
  public Positions positions(NDManager scope, int startPos, long count) {
    if (startPos < 0 || startPos + count > MAX_POSITIONS) {
      throw new IllegalArgumentException(
          "positions "
              + startPos
              + ".."
              + (startPos + count - 1)
              + " exceed the rotary table ("
              + MAX_POSITIONS
              + " positions)");
    }
    NDIndex rows = new NDIndex().addSliceDim(startPos, startPos + count);
    return new Positions(cosTable.get(scope, rows), sinTable.get(scope, rows));
  }

  /** The whole table, (P, E/2) cosines and sines, owned by this embedding. */
  Positions table() {
    return new Positions(cosTable, sinTable);
  }

  @Override
  public void close() {
    manager.close();
  }
}
