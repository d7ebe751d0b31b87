package org.minimind.workbench.train;

import java.util.ArrayList;
import java.util.List;
import org.minimind.workbench.data.Batch;
import org.minimind.workbench.data.BatchSampler;
import org.minimind.workbench.data.PackedCorpus;
import org.minimind.workbench.data.PackedSequences;
import org.minimind.workbench.data.SamplerPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training batches from a packed corpus: shuffled training sequences from a {@link BatchSampler}
 * whose position is saved in checkpoints, and the first held-out sequences, in order, as the
 * validation set.
 */
public final class CorpusTrainingData implements TrainingData {
  private static final Logger LOG = LoggerFactory.getLogger(CorpusTrainingData.class);
  private final PackedCorpus corpus;
  private final int batchSize;
  private BatchSampler sampler;
  private List<long[]> validation;

  public CorpusTrainingData(PackedCorpus corpus, int batchSize, long seed) {
    this.corpus = corpus;
    this.batchSize = batchSize;
    if (corpus.train().size() < batchSize) {
      throw new IllegalArgumentException(
          "the corpus packs into "
              + corpus.train().size()
              + " training sequences of "
              + corpus.train().seqLen()
              + " tokens, fewer than one batch of "
              + batchSize);
    }
    this.sampler = new BatchSampler(corpus.train(), batchSize, seed);
    if (corpus.validation().size() < batchSize) {
      LOG.warn(
          "the validation split packs into {} sequences, fewer than one batch of {}: no"
              + " validation loss will be measured (hold out more documents or use smaller batches)",
          corpus.validation().size(),
          batchSize);
    }
  }

  public PackedCorpus corpus() {
    return corpus;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int seqLen() {
    return corpus.train().seqLen();
  }

  @Override
  public long[] nextBatch() {
    return rows(sampler.next());
  }

  /** B x (T+1): each row's inputs followed by its last target. */
  private static long[] rows(Batch b) {
    int t = b.seqLen();
    long[] out = new long[b.batchSize() * (t + 1)];
    for (int r = 0; r < b.batchSize(); r++) {
      System.arraycopy(b.inputs(), r * t, out, r * (t + 1), t);
      out[r * (t + 1) + t] = b.targets()[r * t + t - 1];
    }
    return out;
  }

  @Override
  public synchronized List<long[]> validationBatches(int max) {
    if (validation == null || validation.size() < max) {
      PackedSequences val = corpus.validation();
      int t = val.seqLen();
      List<long[]> batches = new ArrayList<>();
      long available = val.size() / batchSize;
      for (long i = 0; i < Math.min(max, available); i++) {
        long[] batch = new long[batchSize * (t + 1)];
        for (int r = 0; r < batchSize; r++) {
          int[] seq = val.sequence(i * batchSize + r);
          for (int j = 0; j <= t; j++) {
            batch[r * (t + 1) + j] = seq[j];
          }
        }
        batches.add(batch);
      }
      validation = batches;
    }
    return validation.subList(0, Math.min(max, validation.size()));
  }

  @Override
  public String position() {
    return sampler.position().format();
  }

  @Override
  public void restore(String position) {
    sampler = new BatchSampler(corpus.train(), batchSize, SamplerPosition.parse(position));
  }
}
