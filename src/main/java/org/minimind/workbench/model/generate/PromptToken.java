package org.minimind.workbench.model.generate;

/**
 * A prompt token the model read, with its memory trace (the token x slot view shows the prompt
 * too).
 *
 * @param position absolute position in the sequence
 * @param id token id
 * @param text the token on its own, decoded (special tokens by name); empty without a tokenizer
 * @param memory the slots read at this position
 */
public record PromptToken(int position, int id, String text, MemoryTrace memory) {}
