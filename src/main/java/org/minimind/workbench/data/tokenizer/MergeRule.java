package org.minimind.workbench.data.tokenizer;

import java.util.Objects;

/**
 * One BPE merge: the adjacent tokens {@code left} and {@code right} become the token {@code left +
 * right}. A tokenizer's merges are ranked by their position in its list (lower applies first).
 *
 * @param left left token, as written in the vocabulary (byte-level characters)
 * @param right right token
 */
public record MergeRule(String left, String right) {

  public MergeRule {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    if (left.isEmpty() || right.isEmpty()) {
      throw new IllegalArgumentException(
          "merge parts must not be empty: '" + left + "' '" + right + "'");
    }
  }

  /** The token the merge produces. */
  public String merged() {
    return left + right;
  }
}
