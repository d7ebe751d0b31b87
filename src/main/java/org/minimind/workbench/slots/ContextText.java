package org.minimind.workbench.slots;

/**
 * A slot's context as text: the display window decoded around the selecting token.
 *
 * @param position the selecting token's position in the indexed stream
 * @param score the slot's gate score there
 * @param before the window's text before the selecting token
 * @param token the selecting token on its own
 * @param after the window's text after it
 */
public record ContextText(int position, float score, String before, String token, String after) {

  /** The window in one string, the selecting token in brackets: {@code "the cat [sat] on"}. */
  public String marked() {
    return before + "[" + token + "]" + after;
  }
}
