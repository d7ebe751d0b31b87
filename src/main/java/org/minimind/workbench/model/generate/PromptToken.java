package org.minimind.workbench.model.generate;

/**
 * A token the model read, with its memory trace: a prompt token of a generation, or a position of a
 * {@link SlotTrace}.
 *
 * @param position absolute position in the sequence
 * @param id token id
 * @param text the token on its own ({@link TokenText#of}); empty without a tokenizer
 * @param memory the slots read at this position
 */
public record PromptToken(int position, int id, String text, MemoryTrace memory) {}
