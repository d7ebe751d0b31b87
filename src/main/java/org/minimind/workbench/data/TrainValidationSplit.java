package org.minimind.workbench.data;

import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic split of a corpus' documents into training and validation.
 *
 * <p>Each document gets a score in [0, 1) from a seeded 64-bit hash of its text ({@link #score});
 * it is held out for validation when the score is below the configured fraction. The split thus
 * depends only on the seed and the texts: it does not move when files are reordered or documents
 * are added, and duplicate documents always land on the same side, so they cannot leak from
 * training into validation. The sides are disjoint and cover the corpus.
 *
 * <p>With two or more documents neither side is left empty: if no score falls below the fraction,
 * the document with the lowest score (first such index on ties) goes to validation; if all do, the
 * one with the highest score goes to training. That needs one pass over the corpus, made by {@link
 * #plan} or a {@link Planner}.
 */
public final class TrainValidationSplit {

  private static final Logger LOG = LoggerFactory.getLogger(TrainValidationSplit.class);
  private static final long FNV_OFFSET = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;

  private final SplitConfig config;
  private final long documents;
  private final long validationDocuments;
  private final long forcedValidation;
  private final long forcedTrain;

  private TrainValidationSplit(
      SplitConfig config,
      long documents,
      long validationDocuments,
      long forcedValidation,
      long forcedTrain) {
    this.config = config;
    this.documents = documents;
    this.validationDocuments = validationDocuments;
    this.forcedValidation = forcedValidation;
    this.forcedTrain = forcedTrain;
  }

  /** Reads {@code source} once and fixes the split of its documents. */
  public static TrainValidationSplit plan(DocumentSource source, SplitConfig config)
      throws IOException {
    Planner planner = new Planner(config);
    source.forEach(planner);
    return planner.finish();
  }

  /**
   * The score of a text under a seed: uniform in [0, 1), a function of the seed and the text's
   * UTF-16 code units only.
   */
  public static double score(long seed, String text) {
    long h = SplitMix64.mix(seed ^ FNV_OFFSET);
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * FNV_PRIME;
    }
    h = SplitMix64.mix(h ^ text.length());
    return (h >>> 11) * 0x1.0p-53;
  }

  public SplitConfig config() {
    return config;
  }

  /** Documents in the planned source. */
  public long documents() {
    return documents;
  }

  public long validationDocuments() {
    return validationDocuments;
  }

  public long trainDocuments() {
    return documents - validationDocuments;
  }

  /**
   * The side of a document of the planned source (the index matters only for the one document a
   * tiny corpus may move to keep both sides non-empty).
   */
  public Split assign(Document document) {
    if (document.index() >= documents) {
      throw new IllegalArgumentException(
          "document index ("
              + document.index()
              + ") is outside the planned source of "
              + documents
              + " documents");
    }
    if (document.index() == forcedValidation) {
      return Split.VALIDATION;
    }
    if (document.index() == forcedTrain) {
      return Split.TRAIN;
    }
    return score(config.seed(), document.text()) < config.validationFraction()
        ? Split.VALIDATION
        : Split.TRAIN;
  }

  public boolean isValidation(Document document) {
    return assign(document) == Split.VALIDATION;
  }

  @Override
  public String toString() {
    return "TrainValidationSplit[documents="
        + documents
        + ", train="
        + trainDocuments()
        + ", validation="
        + validationDocuments
        + ", "
        + config
        + "]";
  }

  /**
   * Plans a split while another pass reads the corpus (for instance the one that computes its
   * fingerprint): feed it every document in order, then call {@link #finish()}.
   */
  public static final class Planner implements DocumentConsumer {

    private final SplitConfig config;
    private long documents;
    private long validation;
    private long minIndex = -1;
    private double minScore = Double.POSITIVE_INFINITY;
    private long maxIndex = -1;
    private double maxScore = Double.NEGATIVE_INFINITY;

    public Planner(SplitConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void accept(Document document) {
      if (document.index() != documents) {
        throw new IllegalArgumentException(
            "documents must arrive in order: expected index "
                + documents
                + ", got "
                + document.index());
      }
      double s = score(config.seed(), document.text());
      if (s < config.validationFraction()) {
        validation++;
      }
      if (s < minScore) {
        minScore = s;
        minIndex = documents;
      }
      if (s > maxScore) {
        maxScore = s;
        maxIndex = documents;
      }
      documents++;
    }

    public TrainValidationSplit finish() {
      long forcedValidation = -1;
      long forcedTrain = -1;
      long val = validation;
      if (documents >= 2 && val == 0) {
        forcedValidation = minIndex;
        val = 1;
      } else if (documents >= 2 && val == documents) {
        forcedTrain = maxIndex;
        val = documents - 1;
      } else if (documents < 2) {
        LOG.warn("{} document(s): one side of the train/validation split is empty", documents);
      }
      TrainValidationSplit split =
          new TrainValidationSplit(config, documents, val, forcedValidation, forcedTrain);
      LOG.debug("{}", split);
      return split;
    }
  }
}
