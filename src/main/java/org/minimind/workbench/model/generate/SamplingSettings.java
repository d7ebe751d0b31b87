package org.minimind.workbench.model.generate;

/**
 * How one token is drawn from the model's logits. The first three are the knobs of the seed's
 * {@code _stream} (model_memory_1_4_4.py), applied in its order; the rest are additions.
 *
 * @param temperature logits are divided by {@code temperature + 1e-9} as in the seed; 0 means
 *     greedy decoding (the most likely token after the repetition penalty, no draw)
 * @param topP nucleus filter as the seed's: keep the most likely tokens until their cumulative
 *     probability exceeds {@code topP} (the token that crosses it is kept); 1 turns it off
 * @param topK keep only the {@code topK} most likely tokens (after top-p); 0 turns it off
 * @param minP drop tokens less likely than {@code minP} times the most likely one (after top-p and
 *     top-k); 0 turns it off
 * @param repetitionPenalty the seed's {@code rp}: the logit of every id already in the sequence
 *     (prompt and generated) is divided by it, even when negative (which raises such a token's
 *     probability, as in the seed); 1 turns it off
 * @param seed seed of the random draws ({@link java.util.SplittableRandom}), so that a generation
 *     can be repeated exactly
 */
public record SamplingSettings(
    double temperature, double topP, int topK, double minP, double repetitionPenalty, long seed) {

  /** The seed's default temperature. */
  public static final double DEFAULT_TEMPERATURE = 0.75;

  /** The seed's default top-p. */
  public static final double DEFAULT_TOP_P = 0.9;

  /** The seed's default repetition penalty (off). */
  public static final double DEFAULT_REPETITION_PENALTY = 1.0;

  /** Seed of the draws when none is given. */
  public static final long DEFAULT_SEED = 1337;

  public SamplingSettings {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature (" + temperature + ") must be >= 0 (0 = greedy)");
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top-p (" + topP + ") must be within (0, 1]");
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top-k (" + topK + ") must be >= 0 (0 = off)");
    }
    if (!(minP >= 0 && minP <= 1)) {
      throw new IllegalArgumentException("min-p (" + minP + ") must be within [0, 1] (0 = off)");
    }
    if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
      throw new IllegalArgumentException(
          "repetition penalty (" + repetitionPenalty + ") must be > 0 (1 = off)");
    }
  }

  /** The seed's defaults: temperature 0.75, top-p 0.9, no repetition penalty; no top-k, min-p. */
  public static SamplingSettings defaults() {
    return new SamplingSettings(
        DEFAULT_TEMPERATURE, DEFAULT_TOP_P, 0, 0, DEFAULT_REPETITION_PENALTY, DEFAULT_SEED);
  }

  /** Greedy decoding: always the most likely token. */
  public static SamplingSettings greedy() {
    return new SamplingSettings(0, 1, 0, 0, DEFAULT_REPETITION_PENALTY, DEFAULT_SEED);
  }

  /** Whether tokens are picked by argmax instead of drawn. */
  public boolean isGreedy() {
    return temperature == 0;
  }

  public SamplingSettings withTemperature(double value) {
    return new SamplingSettings(value, topP, topK, minP, repetitionPenalty, seed);
  }

  public SamplingSettings withTopP(double value) {
    return new SamplingSettings(temperature, value, topK, minP, repetitionPenalty, seed);
  }

  public SamplingSettings withTopK(int value) {
    return new SamplingSettings(temperature, topP, value, minP, repetitionPenalty, seed);
  }

  public SamplingSettings withMinP(double value) {
    return new SamplingSettings(temperature, topP, topK, value, repetitionPenalty, seed);
  }

  public SamplingSettings withRepetitionPenalty(double value) {
    return new SamplingSettings(temperature, topP, topK, minP, value, seed);
  }

  public SamplingSettings withSeed(long value) {
    return new SamplingSettings(temperature, topP, topK, minP, repetitionPenalty, value);
  }
}
