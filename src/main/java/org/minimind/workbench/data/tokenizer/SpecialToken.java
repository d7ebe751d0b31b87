package org.minimind.workbench.data.tokenizer;

import java.util.Objects;

/**
 * A token matched as a whole in the input before the text is split (Hugging Face's "added token"),
 * such as MiniMind's {@code <s>}.
 *
 * @param id its id
 * @param content the literal text that stands for it
 * @param special whether decoding can skip it (Hugging Face's {@code special} flag)
 */
public record SpecialToken(int id, String content, boolean special) {

  public SpecialToken {
    Objects.requireNonNull(content, "content");
    if (id < 0) {
      throw new IllegalArgumentException("special token '" + content + "' has negative id " + id);
    }
    if (content.isEmpty()) {
      throw new IllegalArgumentException("special token " + id + " has empty content");
    }
  }
}
