package org.minimind.workbench.data;

import java.util.Objects;

/**
 * One training batch: {@code batchSize} sequences of {@code seqLen} input and target ids, in flat
 * row-major {@code long[]}s of shape {@code [batchSize, seqLen]}, ready for a tensor library.
 *
 * <p>Arrays are shared, not copied (a batch is built once and consumed once); {@code equals}
 * compares them by identity, as for any record with array components.
 *
 * @param inputs input ids, {@code batchSize * seqLen} values
 * @param targets target ids (the inputs shifted by one), {@code batchSize * seqLen} values
 * @param batchSize rows
 * @param seqLen columns
 * @param sequences index in {@link PackedSequences} of each row's sequence
 * @param position the sampler position this batch was drawn at (resuming there draws it again)
 */
public record Batch(
    long[] inputs,
    long[] targets,
    int batchSize,
    int seqLen,
    long[] sequences,
    SamplerPosition position) {

  public Batch {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(sequences, "sequences");
    Objects.requireNonNull(position, "position");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
    }
    if (seqLen < 1) {
      throw new IllegalArgumentException("seqLen (" + seqLen + ") must be >= 1");
    }
    long cells = (long) batchSize * seqLen;
    if (inputs.length != cells || targets.length != cells) {
      throw new IllegalArgumentException(
          "inputs ("
              + inputs.length
              + ") and targets ("
              + targets.length
              + ") must both hold batchSize * seqLen = "
              + cells
              + " values");
    }
    if (sequences.length != batchSize) {
      throw new IllegalArgumentException(
          "sequences (" + sequences.length + ") must hold batchSize = " + batchSize + " indices");
    }
  }

  /** The shape of {@link #inputs()} and {@link #targets()}: {@code {batchSize, seqLen}}. */
  public long[] shape() {
    return new long[] {batchSize, seqLen};
  }

  /** The inputs as rows, copied. */
  public long[][] inputRows() {
    return rows(inputs);
  }

  /** The targets as rows, copied. */
  public long[][] targetRows() {
    return rows(targets);
  }

  private long[][] rows(long[] flat) {
    long[][] out = new long[batchSize][seqLen];
    for (int b = 0; b < batchSize; b++) {
      System.arraycopy(flat, b * seqLen, out[b], 0, seqLen);
    }
    return out;
  }
}
