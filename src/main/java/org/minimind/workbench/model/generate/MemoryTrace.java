package org.minimind.workbench.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the memory read while the model processed the token at one position: per layer, the k slots
 * selected, best first, and their scores. The one record of slot reads, whether they come from
 * generation (per token, {@link GeneratedToken#memory()}) or from one pass over a prompt ({@link
 * SlotTrace}).
 *
 * @param position absolute position in the sequence (prompt and generated tokens, from 0)
 * @param layers one selection per block, in order
 */
public record MemoryTrace(int position, List<SlotSelection> layers) {
  public MemoryTrace {
    layers = List.copyOf(layers);
  }

  /**
   * The traces of every position of a pass: its memory indices and scores (a copy to the host of
   * each, the one place slot reads leave the engine).
   *
   * <p>Shapes: L layers, T positions, k num_selected.
   *
   * @param indices (L, 1, T, k) int64, the slots each layer chose for each position, best first
   * @param scores (L, 1, T, k) their softmax scores
   * @param firstPosition the absolute position of the pass's first row
   */
  public static List<MemoryTrace> of(NDArray indices, NDArray scores, int firstPosition) {
    long[] allIdx = indices.toLongArray(); // (L, 1, T, k)
    float[] allSc = scores.toType(DataType.FLOAT32, false).toFloatArray(); // (L, 1, T, k)
    int nLayers = (int) indices.getShape().get(0);
    int rows = (int) indices.getShape().get(2);
    int k = (int) indices.getShape().get(3);
    List<MemoryTrace> traces = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      List<SlotSelection> perLayer = new ArrayList<>(nLayers);
      for (int l = 0; l < nLayers; l++) {
        int base = (l * rows + r) * k;
        int[] slots = new int[k];
        float[] s = new float[k];
        for (int j = 0; j < k; j++) {
          slots[j] = (int) allIdx[base + j];
          s[j] = allSc[base + j];
        }
        perLayer.add(new SlotSelection(slots, s));
      }
      traces.add(new MemoryTrace(firstPosition + r, perLayer));
    }
    return traces;
  }

  /** The slots of every layer ({@code [layer][j]}, best first), copied. */
  public int[][] slotsPerLayer() {
    int[][] slots = new int[layers.size()][];
    for (int l = 0; l < slots.length; l++) {
      slots[l] = layers.get(l).slots().clone();
    }
    return slots;
  }
}
