package org.minimind.workbench.app.slots;

import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.generate.Generator;
import org.minimind.workbench.model.generate.SlotTrace;

/**
 * Reads a typed prompt as token ids and traces it through the open model ({@link Generator#trace}:
 * one forward pass, which slots every layer selected for every token). Background threads only.
 *
 * <p>Without a tokenizer (the parity fixtures have none) the prompt is read as token ids separated
 * by spaces or commas.
 */
public final class PromptAnalysis {
  private PromptAnalysis() {}

  /** Tokenizes {@code prompt} for {@code model} and traces it. */
  public static SlotTrace run(LoadedModel model, String prompt) throws Exception {
    int[] ids = tokenize(model.tokenizer(), prompt, model.config().vocabSize());
    if (ids.length == 0) {
      throw new IllegalArgumentException("the prompt is empty");
    }
    return model.use(m -> new Generator(m, model.tokenizer()).trace(ids));
  }

  /** The ids of {@code prompt}: tokenized, or parsed when there is no tokenizer. */
  public static int[] tokenize(BpeTokenizer tokenizer, String prompt, int vocabSize) {
    if (tokenizer != null) {
      return tokenizer.encode(prompt);
    }
    String trimmed = prompt.trim();
    if (trimmed.isEmpty()) {
      return new int[0];
    }
    String[] parts = trimmed.split("[\\s,]+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "this checkpoint has no tokenizer.json: type token ids separated by spaces (got '"
                + parts[i]
                + "')");
      }
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new IllegalArgumentException(
            "token id " + ids[i] + " is outside the vocabulary (0.." + (vocabSize - 1) + ")");
      }
    }
    return ids;
  }
}
