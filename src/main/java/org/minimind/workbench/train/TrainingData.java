package org.minimind.workbench.train;

import java.util.List;

/**
 * Where the training loop gets its tokens: fixed-shape batches of B sequences of T+1 ids (inputs
 * are the first T, targets the last T), a held-out set, and a position that can be saved and
 * restored so a resumed run sees the same batches it would have seen.
 */
public interface TrainingData {
  int batchSize();

  /** T: positions per training sequence. */
  int seqLen();

  /** The next training batch, row-major B x (T+1). */
  long[] nextBatch();

  /** Up to {@code max} validation batches, each B x (T+1); the same ones on every call. */
  List<long[]> validationBatches(int max);

  /** The read position, as JSON. */
  String position();

  /** Continues from a position returned by {@link #position()}. */
  void restore(String position);
}
