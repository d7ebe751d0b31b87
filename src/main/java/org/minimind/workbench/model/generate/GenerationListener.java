package org.minimind.workbench.model.generate;

import java.util.List;

/**
 * Receives a generation as it happens, on the generating thread, in this order: {@link #onPrompt}
 * once, then {@link #onLogits} and {@link #onToken} per token, then {@link #onFinish}. A listener
 * that throws ends the generation (the exception reaches the caller; native memory is released).
 * Calls are made outside any tensor scope: nothing a listener receives refers to native memory.
 */
public interface GenerationListener {
  /** A listener that ignores everything. */
  GenerationListener NONE = token -> {};

  /** The prompt positions the model read, with their memory traces. */
  default void onPrompt(List<PromptToken> prompt) {}

  /**
   * The model's raw logits for the token at {@code position}, before any sampling step. The array
   * is the listener's to keep. For analysis and tests; most listeners ignore it.
   */
  default void onLogits(int position, float[] logits) {}

  /** A new token; its piece can be shown at once. */
  void onToken(GeneratedToken token);

  /** The generation ended (also when cancelled, not when it failed). */
  default void onFinish(GenerationResult result) {}
}
