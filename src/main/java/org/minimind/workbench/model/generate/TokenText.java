package org.minimind.workbench.model.generate;

import org.minimind.workbench.data.tokenizer.BpeTokenizer;

/** A single token as text, the same way wherever a token is shown on its own. */
public final class TokenText {
  private TokenText() {}

  /**
   * {@link BpeTokenizer#piece}: its decoded bytes (special tokens by name), or its vocabulary entry
   * when the bytes are not whole UTF-8 (a piece of a multi-byte character); empty without a
   * tokenizer or for an id the tokenizer does not know.
   */
  public static String of(BpeTokenizer tokenizer, int id) {
    if (tokenizer == null || id < 0 || id >= tokenizer.vocabSize()) {
      return "";
    }
    try {
      return tokenizer.piece(id);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** {@code text}, or {@code #id} when it is empty (no tokenizer): how views name a token. */
  public static String orId(String text, int id) {
    return text.isEmpty() ? "#" + id : text;
  }
}
