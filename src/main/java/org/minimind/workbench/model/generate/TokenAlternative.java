package org.minimind.workbench.model.generate;

/**
 * One of the most likely candidates for a generated position.
 *
 * @param id token id
 * @param text the token on its own ({@link TokenText#of}: a piece of a multi-byte character as its
 *     vocabulary entry); empty without a tokenizer
 * @param probability its probability under the final distribution (after repetition penalty,
 *     temperature and filters); 0 when filtered out
 * @param modelProbability its probability under the model's own softmax of the logits, before
 *     penalty, temperature and filters
 */
public record TokenAlternative(int id, String text, double probability, double modelProbability) {}
