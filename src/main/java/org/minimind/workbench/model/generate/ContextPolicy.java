package org.minimind.workbench.model.generate;

/**
 * What happens when the sequence reaches the model's context, its {@code max_seq_len}.
 *
 * <p>The rotary table covers 32k positions, but the model never saw a position at or beyond {@code
 * max_seq_len} in training, and the seed's attention mask is only {@code max_seq_len} wide. A
 * window is the part of the sequence the model reads; a window together with the token it produces
 * never exceeds {@code max_seq_len} tokens, so the model reads at most {@code max_seq_len - 1}
 * positions, all below {@code max_seq_len}.
 */
public enum ContextPolicy {
  /**
   * Stop with {@link StopReason#CONTEXT_FULL} once prompt and generated tokens fill {@code
   * max_seq_len}. A prompt of {@code max_seq_len} tokens or more is rejected. The default: what is
   * generated is exactly what the model computes for the whole sequence.
   */
  STOP,
  /**
   * Keep going: when the window is full, drop its oldest tokens so that the newest {@code
   * max_seq_len / 2} remain, and run the model again on them from position 0 (the key/value cache
   * is refilled). Earlier tokens are then out of sight. Halving the window makes the refill rare
   * (once every {@code max_seq_len / 2} tokens) instead of once per token. A prompt longer than the
   * context starts with its newest {@code max_seq_len / 2} tokens in the window. The repetition
   * penalty still counts every id of the sequence, as the seed's does.
   */
  SLIDE
}
