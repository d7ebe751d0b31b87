package org.minimind.workbench.model.generate;

/**
 * The outcome of a generation.
 *
 * @param text the generated text (special tokens skipped): every token's piece, then {@link #tail};
 *     equal to the tokenizer's {@code decode(ids, true)}. Empty without a tokenizer
 * @param tail text released only at the end: bytes of a character the last token left unfinished,
 *     as U+FFFD (usually empty)
 * @param promptIds the prompt as the model received it (with {@code <s>} if it was added)
 * @param ids the generated ids, in order (an end-of-text token included)
 * @param stopReason why it ended
 * @param stopString the stop string found, or null
 * @param windowSlides how often the window slid ({@link ContextPolicy#SLIDE})
 * @param timeToFirstTokenSeconds from the start (before the prompt is run) to the first token, NaN
 *     if none was generated
 * @param totalSeconds from the start to the end
 * @param tokensPerSecond generated tokens over {@code totalSeconds} (the prompt pass included, as
 *     the seed's benchmark counts)
 * @param decodeTokensPerSecond tokens after the first over the time after the first; NaN with fewer
 *     than two tokens
 */
public record GenerationResult(
    String text,
    String tail,
    int[] promptIds,
    int[] ids,
    StopReason stopReason,
    String stopString,
    int windowSlides,
    double timeToFirstTokenSeconds,
    double totalSeconds,
    double tokensPerSecond,
    double decodeTokensPerSecond) {

  /** Number of generated tokens. */
  public int generatedTokens() {
    return ids.length;
  }

  /** The text up to (not including) the stop string that ended it; the whole text otherwise. */
  public String textBeforeStop() {
    if (stopString == null) {
      return text;
    }
    int at = text.indexOf(stopString);
    return at < 0 ? text : text.substring(0, at);
  }
}
