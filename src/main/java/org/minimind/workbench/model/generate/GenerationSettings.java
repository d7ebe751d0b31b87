package org.minimind.workbench.model.generate;

import java.util.List;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Intervention;

/**
 * Everything a generation needs besides the prompt.
 *
 * @param sampling how each token is drawn
 * @param maxNewTokens most tokens to generate (the seed's {@code max_new_tokens})
 * @param stopStrings stop once the generated text contains one of these (it stays in the text)
 * @param eosId stop after generating this id (the seed's {@code eos_token_id}, 2 = {@code </s>});
 *     -1 never stops on a token
 * @param contextPolicy what to do at the model's {@code max_seq_len}
 * @param useCache run the prompt once and then one position per token with a key/value cache; false
 *     recomputes the whole window for every token, as the seed does (same results, much slower)
 * @param prependBos when the prompt is text, start it with {@code <s>} as MiniMind's pretraining
 *     data and evaluation script do
 * @param cpuThreads intra-op threads of the generating thread on the CPU; 0 keeps the engine's
 *     setting. One is best for cached generation: its steps are too small to share, and on a busy
 *     machine a second thread makes every step wait (measured on a shared 2-core machine: 10 ms a
 *     step with one thread, 80 to 300 ms with two)
 * @param intervention what the memory layers read differently while generating ({@link
 *     Intervention#none()}: the model as it is)
 */
public record GenerationSettings(
    SamplingSettings sampling,
    int maxNewTokens,
    List<String> stopStrings,
    int eosId,
    ContextPolicy contextPolicy,
    boolean useCache,
    boolean prependBos,
    int cpuThreads,
    Intervention intervention) {

  /** The seed's {@code max_new_tokens} default is 1024; a workbench default is shorter. */
  public static final int DEFAULT_MAX_NEW_TOKENS = 128;

  /** Most tokens one generation may produce (2^20; only a sliding window gets past max_seq_len). */
  public static final int MAX_NEW_TOKENS = 1 << 20;

  public GenerationSettings {
    if (sampling == null) {
      throw new IllegalArgumentException("sampling settings are required");
    }
    if (maxNewTokens <= 0 || maxNewTokens > MAX_NEW_TOKENS) {
      throw new IllegalArgumentException(
          "max new tokens (" + maxNewTokens + ") must be within [1, " + MAX_NEW_TOKENS + "]");
    }
    stopStrings = List.copyOf(stopStrings);
    for (String s : stopStrings) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("a stop string must not be empty");
      }
    }
    if (eosId < -1) {
      throw new IllegalArgumentException("eos id (" + eosId + ") must be >= 0, or -1 for none");
    }
    if (contextPolicy == null) {
      throw new IllegalArgumentException("a context policy is required");
    }
    if (cpuThreads < 0) {
      throw new IllegalArgumentException(
          "cpu threads (" + cpuThreads + ") must be >= 0 (0 = the engine's setting)");
    }
    if (intervention == null) {
      throw new IllegalArgumentException("intervention must not be null (Intervention.none())");
    }
  }

  /** Without an intervention. */
  public GenerationSettings(
      SamplingSettings sampling,
      int maxNewTokens,
      List<String> stopStrings,
      int eosId,
      ContextPolicy contextPolicy,
      boolean useCache,
      boolean prependBos,
      int cpuThreads) {
    this(
        sampling,
        maxNewTokens,
        stopStrings,
        eosId,
        contextPolicy,
        useCache,
        prependBos,
        cpuThreads,
        Intervention.none());
  }

  /**
   * The seed's defaults ({@link SamplingSettings#defaults()}, eos {@code </s>}), 128 new tokens, no
   * stop strings, stop at the context limit, cached, {@code <s>} first, one CPU thread.
   */
  public static GenerationSettings defaults() {
    return new GenerationSettings(
        SamplingSettings.defaults(),
        DEFAULT_MAX_NEW_TOKENS,
        List.of(),
        BpeTokenizer.EOS_ID,
        ContextPolicy.STOP,
        true,
        true,
        1);
  }

  public GenerationSettings withSampling(SamplingSettings value) {
    return new GenerationSettings(
        value,
        maxNewTokens,
        stopStrings,
        eosId,
        contextPolicy,
        useCache,
        prependBos,
        cpuThreads,
        intervention);
  }

  public GenerationSettings withMaxNewTokens(int value) {
    return new GenerationSettings(
        sampling,
        value,
        stopStrings,
        eosId,
        contextPolicy,
        useCache,
        prependBos,
        cpuThreads,
        intervention);
  }

  public GenerationSettings withStopStrings(List<String> value) {
    return new GenerationSettings(
        sampling,
        maxNewTokens,
        value,
        eosId,
        contextPolicy,
        useCache,
        prependBos,
        cpuThreads,
        intervention);
  }

  public GenerationSettings withEosId(int value) {
    return new GenerationSettings(
        sampling,
        maxNewTokens,
        stopStrings,
        value,
        contextPolicy,
        useCache,
        prependBos,
        cpuThreads,
        intervention);
  }

  public GenerationSettings withContextPolicy(ContextPolicy value) {
    return new GenerationSettings(
        sampling,
        maxNewTokens,
        stopStrings,
        eosId,
        value,
        useCache,
        prependBos,
        cpuThreads,
        intervention);
  }

  public GenerationSettings withCache(boolean value) {
    return new GenerationSettings(
        sampling,
        maxNewTokens,
        stopStrings,
        eosId,
        contextPolicy,
        value,
        prependBos,
        cpuThreads,
        intervention);
  }

  public GenerationSettings withCpuThreads(int value) {
    return new GenerationSettings(
        sampling,
        maxNewTokens,
        stopStrings,
        eosId,
        contextPolicy,
        useCache,
        prependBos,
        value,
        intervention);
  }

  public GenerationSettings withPrependBos(boolean value) {
    return new GenerationSettings(
        sampling,
        maxNewTokens,
        stopStrings,
        eosId,
        contextPolicy,
        useCache,
        value,
        cpuThreads,
        intervention);
  }

  public GenerationSettings withIntervention(Intervention value) {
    return new GenerationSettings(
        sampling,
        maxNewTokens,
        stopStrings,
        eosId,
        contextPolicy,
        useCache,
        prependBos,
        cpuThreads,
        value);
  }
}
