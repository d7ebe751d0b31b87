package org.minimind.workbench.model;

/**
 * How to run one forward pass.
 *
 * @param startPos absolute position of the first input token (after cached ones)
 * @param cache key/value cache to read and extend, or null
 * @param training dropout on (the seed's {@code model.train()})
 * @param keepHidden keep each block's output in the trace
 * @param computeUsage count slot selections and derive the seed's layer stats and balance loss, on
 *     the model's device ({@link SlotUsage}; needed for the auxiliary loss; skip it to save time
 *     when generating)
 * @param intervention what the memory layers read differently ({@link Intervention#none()}: the
 *     model as it is, on exactly the plain code path); runs without gradients
 * @param precision what a pass with gradients computes in ({@link Precision#FP32} by default)
 */
public record ForwardOptions(
    int startPos,
    KvCache cache,
    boolean training,
    boolean keepHidden,
    boolean computeUsage,
    Intervention intervention,
    Precision precision) {

  public ForwardOptions {
    if (startPos < 0) {
      throw new IllegalArgumentException("startPos (" + startPos + ") must be >= 0");
    }
    if (intervention == null) {
      throw new IllegalArgumentException("intervention must not be null (Intervention.none())");
    }
    if (precision == null) {
      throw new IllegalArgumentException("precision must not be null (Precision.FP32)");
    }
  }

  /** Without an intervention. */
  public ForwardOptions(
      int startPos, KvCache cache, boolean training, boolean keepHidden, boolean computeUsage) {
    this(startPos, cache, training, keepHidden, computeUsage, Intervention.none(), Precision.FP32);
  }

  /** Evaluation: whole sequence, no dropout, stats on. */
  public static ForwardOptions evaluation() {
    return new ForwardOptions(0, null, false, false, true);
  }

  /** Training: whole sequence, dropout as configured, stats on. */
  public static ForwardOptions train() {
    return new ForwardOptions(0, null, true, false, true);
  }

  /**
   * Generation: positions from {@code startPos} on, reading and extending {@code cache} (null to
   * recompute the whole sequence), no dropout, no stats.
   */
  public static ForwardOptions decoding(int startPos, KvCache cache) {
    return new ForwardOptions(startPos, cache, false, false, false);
  }

  public ForwardOptions withHidden() {
    return new ForwardOptions(
        startPos, cache, training, true, computeUsage, intervention, precision);
  }

  /** The same pass without slot usage (when only the logits are needed). */
  public ForwardOptions withoutUsage() {
    return new ForwardOptions(
        startPos, cache, training, keepHidden, false, intervention, precision);
  }

  /** The same pass with {@code value} applied to the memory layers. */
  public ForwardOptions withIntervention(Intervention value) {
    return new ForwardOptions(
        startPos, cache, training, keepHidden, computeUsage, value, precision);
  }

  /**
   * The same pass computing in {@code value} where it records gradients (see {@link Precision}).
   */
  public ForwardOptions withPrecision(Precision value) {
    return new ForwardOptions(
        startPos, cache, training, keepHidden, computeUsage, intervention, value);
  }
}
