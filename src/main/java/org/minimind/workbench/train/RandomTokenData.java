package org.minimind.workbench.train;

import java.util.List;
import java.util.SplittableRandom;

/** Uniformly random token ids at a fixed shape: what throughput benchmarks train on. */
public final class RandomTokenData implements TrainingData {
  private final int batchSize;
  private final int seqLen;
  private final int vocabSize;
  private final long seed;
  private long drawn;
  private SplittableRandom random;

  public RandomTokenData(int batchSize, int seqLen, int vocabSize, long seed) {
    this.batchSize = batchSize;
    this.seqLen = seqLen;
    this.vocabSize = vocabSize;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int seqLen() {
    return seqLen;
  }

  @Override
  public long[] nextBatch() {
    long[] ids = new long[batchSize * (seqLen + 1)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(vocabSize);
    }
    drawn++;
    return ids;
  }

  @Override
  public List<long[]> validationBatches(int max) {
    return List.of();
  }

  @Override
  public String position() {
    return "{\"batches\": " + drawn + "}";
  }

  @Override
  public void restore(String position) {
    long n = Long.parseLong(position.replaceAll("[^0-9]", ""));
    random = new SplittableRandom(seed);
    drawn = 0;
    for (long i = 0; i < n; i++) {
      nextBatch();
    }
  }
}
