package org.minimind.workbench.data;

/**
 * How documents are divided between training and validation.
 *
 * @param validationFraction expected share of documents held out for validation, in (0, 1)
 * @param seed seed of the per-document hash; another seed gives another, equally valid split
 */
public record SplitConfig(double validationFraction, long seed) {

  /** The default held-out share: 1% of the documents. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.01;

  /** 1% validation, seed 0. */
  public static final SplitConfig DEFAULT = new SplitConfig(DEFAULT_VALIDATION_FRACTION, 0L);

  public SplitConfig {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction (" + validationFraction + ") must be in (0, 1)");
    }
  }
}
