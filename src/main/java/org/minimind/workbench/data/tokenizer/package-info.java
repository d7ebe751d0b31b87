/**
 * Byte-level BPE tokenizer compatible with MiniMind's Hugging Face {@code tokenizers} setup.
 *
 * <p>MiniMind trains a {@code models.BPE} with the {@code ByteLevel} pre-tokenizer and decoder (the
 * GPT-2 scheme): text is split with the GPT-2 regular expression, every piece is turned into its
 * UTF-8 bytes, and each byte is shown as one printable Unicode character (GPT-2's {@code
 * bytes_to_unicode} table) so that the 256 bytes form the base alphabet and no text is ever
 * unknown. Merges are learned on top of those 256 symbols after the special tokens {@code <unk>}
 * (0, also padding), {@code <s>} (1) and {@code </s>} (2).
 *
 * <ul>
 *   <li>{@link org.minimind.workbench.data.tokenizer.BpeTrainer} learns a vocabulary from texts.
 *   <li>{@link org.minimind.workbench.data.tokenizer.BpeTokenizer} encodes and decodes, and reads
 *       and writes Hugging Face {@code tokenizer.json} files.
 *   <li>{@link org.minimind.workbench.data.tokenizer.StreamingDecoder} turns ids generated one at a
 *       time into text without splitting a character.
 *   <li>{@link org.minimind.workbench.data.tokenizer.TokenizerBenchmark} measures training and
 *       encoding speed.
 * </ul>
 */
package org.minimind.workbench.data.tokenizer;
