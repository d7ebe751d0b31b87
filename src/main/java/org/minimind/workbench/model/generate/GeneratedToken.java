package org.minimind.workbench.model.generate;

import java.util.List;

/**
 * One generated token, as it is reported while generating.
 *
 * @param index 0 for the first generated token, 1 for the next, ...
 * @param position its absolute position in the sequence (the prompt's length + index)
 * @param id token id
 * @param piece the text this token completes, from the tokenizer's streaming decoder: empty when
 *     the token ends inside a multi-byte character (the next token completes it) or is a special
 *     token; the pieces of all tokens, followed by {@link GenerationResult#tail()}, are the text
 * @param probability its probability under the final distribution it was drawn from
 * @param modelProbability its probability under the model's own softmax of the logits
 * @param alternatives the five most likely candidates under the final distribution (ties, such as
 *     filtered tokens, ranked by the model's logits), the drawn token among them if it ranks there
 * @param memory the memory trace of the forward pass that produced this token: the slots read at
 *     position {@code position - 1}, whose output predicted this token
 */
public record GeneratedToken(
    int index,
    int position,
    int id,
    String piece,
    double probability,
    double modelProbability,
    List<TokenAlternative> alternatives,
    MemoryTrace memory) {
  public GeneratedToken {
    alternatives = List.copyOf(alternatives);
  }
}
