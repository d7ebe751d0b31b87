package org.minimind.workbench.data;

import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A corpus made ready for training in memory: fingerprinted, split, encoded and packed into
 * training and validation sequences.
 *
 * <p>{@link #build} streams the corpus twice (never holding its text): the first pass computes the
 * fingerprint and plans the split, the second encodes each document into the token stream of its
 * side. A corpus that changes between the passes is an error.
 *
 * @param fingerprint the corpus read
 * @param split how its documents were divided
 * @param train training sequences
 * @param validation validation sequences (possibly none, for a tiny corpus)
 */
public record PackedCorpus(
    CorpusFingerprint fingerprint,
    TrainValidationSplit split,
    PackedSequences train,
    PackedSequences validation) {

  private static final Logger LOG = LoggerFactory.getLogger(PackedCorpus.class);

  public PackedCorpus {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    if (train.seqLen() != validation.seqLen()) {
      throw new IllegalArgumentException(
          "train seqLen ("
              + train.seqLen()
              + ") and validation seqLen ("
              + validation.seqLen()
              + ") must be equal");
    }
  }

  /** Fingerprints, splits and packs {@code corpus} into sequences of {@code seqLen + 1} tokens. */
  public static PackedCorpus build(
      Corpus corpus, SplitConfig splitConfig, SequencePacker packer, int seqLen)
      throws IOException {
    Objects.requireNonNull(corpus, "corpus");
    Objects.requireNonNull(splitConfig, "splitConfig");
    Objects.requireNonNull(packer, "packer");
    if (seqLen < 1) {
      throw new IllegalArgumentException("seqLen (" + seqLen + ") must be >= 1");
    }
    TrainValidationSplit.Planner planner = new TrainValidationSplit.Planner(splitConfig);
    CorpusFingerprint fingerprint = corpus.scan(planner);
    if (fingerprint.documents() == 0) {
      throw new IOException(corpus.root() + ": the corpus holds no documents");
    }
    TrainValidationSplit split = planner.finish();

    IntArrayTokenStream.Builder train = new IntArrayTokenStream.Builder();
    IntArrayTokenStream.Builder validation = new IntArrayTokenStream.Builder();
    CorpusFingerprint again =
        corpus.scan(d -> packer.append(d, split.isValidation(d) ? validation : train));
    if (!again.equals(fingerprint)) {
      throw new IOException(corpus.root() + ": the corpus changed while it was being packed");
    }
    PackedCorpus packed =
        new PackedCorpus(
            fingerprint,
            split,
            new PackedSequences(train.build(), seqLen),
            new PackedSequences(validation.build(), seqLen));
    LOG.info(
        "corpus {} ({}): {} train documents -> {} tokens, {} sequences; {} validation documents"
            + " -> {} tokens, {} sequences (seqLen {})",
        corpus.root(),
        fingerprint.shortId(),
        split.trainDocuments(),
        train.size(),
        packed.train().size(),
        split.validationDocuments(),
        validation.size(),
        packed.validation().size(),
        seqLen);
    return packed;
  }
}
