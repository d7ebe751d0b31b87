package org.minimind.workbench.data;

import java.util.Objects;

/**
 * Draws training batches from {@link PackedSequences}: each epoch visits every sequence once, in an
 * order shuffled from the seed and the epoch number, {@code batchSize} sequences a batch.
 *
 * <p>An epoch has {@code floor(sequences / batchSize)} batches; the few sequences left over are not
 * drawn that epoch (the next epoch's shuffle gives them their turn), so every batch has the same
 * shape. Batches are a pure function of (seed, epoch, index in epoch): two samplers at the same
 * {@link SamplerPosition} draw identical batches, which is what lets a run stopped after any batch
 * resume exactly. Epochs follow one another without end; the caller decides when to stop.
 *
 * <p>The shuffle is a Fisher-Yates permutation driven by SplitMix64, implemented here so that it
 * does not change with the JVM version. It keeps one {@code int[]} of the sequence count.
 */
public final class BatchSampler {

  private final PackedSequences data;
  private final int batchSize;
  private final long seed;
  private final int batchesPerEpoch;
  private long epoch;
  private long index;
  private int[] order;
  private long orderEpoch = -1;

  /** A sampler at the start of epoch 0. */
  public BatchSampler(PackedSequences data, int batchSize, long seed) {
    this(data, batchSize, SamplerPosition.start(seed));
  }

  /**
   * A sampler resuming at {@code position}.
   *
   * @throws IllegalArgumentException when the batch size does not suit the data or the position
   */
  public BatchSampler(PackedSequences data, int batchSize, SamplerPosition position) {
    this.data = Objects.requireNonNull(data, "data");
    Objects.requireNonNull(position, "position");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
    }
    if (data.size() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "sequences (" + data.size() + ") are too many for one shuffle array");
    }
    if (data.size() < batchSize) {
      throw new IllegalArgumentException(
          "batchSize (" + batchSize + ") exceeds the " + data.size() + " sequences of the data");
    }
    if ((long) batchSize * data.seqLen() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "batchSize * seqLen ("
              + batchSize
              + " * "
              + data.seqLen()
              + ") is too large for one array");
    }
    this.batchSize = batchSize;
    this.seed = position.seed();
    this.batchesPerEpoch = (int) (data.size() / batchSize);
    long epochSize = (long) batchesPerEpoch * batchSize;
    if (position.indexInEpoch() % batchSize != 0 || position.indexInEpoch() > epochSize) {
      throw new IllegalArgumentException(
          "indexInEpoch ("
              + position.indexInEpoch()
              + ") must be a multiple of batchSize ("
              + batchSize
              + ") and at most "
              + epochSize);
    }
    this.epoch = position.epoch();
    this.index = position.indexInEpoch();
    normalise();
  }

  /** Where the next batch will be drawn. */
  public SamplerPosition position() {
    return new SamplerPosition(seed, epoch, index);
  }

  public int batchSize() {
    return batchSize;
  }

  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** Draws the next batch and advances, rolling over into the next epoch after its last batch. */
  public Batch next() {
    SamplerPosition at = position();
    int[] perm = order();
    int seqLen = data.seqLen();
    long[] inputs = new long[batchSize * seqLen];
    long[] targets = new long[batchSize * seqLen];
    long[] sequences = new long[batchSize];
    for (int b = 0; b < batchSize; b++) {
      int s = perm[(int) index + b];
      sequences[b] = s;
      data.copyTo(s, inputs, targets, b * seqLen);
    }
    index += batchSize;
    normalise();
    return new Batch(inputs, targets, batchSize, seqLen, sequences, at);
  }

  /**
   * The order in which epoch {@code epoch} visits {@code n} sequences under {@code seed}: a
   * permutation of {@code 0 .. n-1}.
   */
  public static int[] permutation(long seed, long epoch, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n (" + n + ") must be >= 0");
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplitMix64 rng = new SplitMix64(SplitMix64.mix(seed) ^ SplitMix64.mix(~epoch));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private void normalise() {
    if (index == (long) batchesPerEpoch * batchSize) {
      epoch++;
      index = 0;
    }
  }

  private int[] order() {
    if (orderEpoch != epoch) {
      order = permutation(seed, epoch, (int) data.size());
      orderEpoch = epoch;
    }
    return order;
  }
}
