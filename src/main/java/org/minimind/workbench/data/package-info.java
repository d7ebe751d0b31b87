/**
 * Pretraining data: from corpus files to shuffled batches of token ids.
 *
 * <p>The pipeline, in the order a training run uses it:
 *
 * <ol>
 *   <li>{@link org.minimind.workbench.data.Corpus} opens a file or a folder of plain-text ({@code
 *       .txt}) and MiniMind JSON Lines ({@code .jsonl}, {@code .jsonl.gz}) files, streams its
 *       {@link org.minimind.workbench.data.Document}s through per-file {@link
 *       org.minimind.workbench.data.CorpusReader}s and reports a {@link
 *       org.minimind.workbench.data.CorpusFingerprint} (SHA-256 of the files' bytes and the
 *       document count), so a result can name exactly the data it was trained on.
 *   <li>{@link org.minimind.workbench.data.TrainValidationSplit} assigns every document to the
 *       training or the validation side by a seeded hash of its text: deterministic, disjoint, and
 *       indifferent to file order.
 *   <li>{@link org.minimind.workbench.data.SequencePacker} encodes documents with any {@code
 *       Function<String, int[]>} tokenizer into one stream {@code <s> doc </s> <s> doc </s> ...},
 *       held compactly in an {@link org.minimind.workbench.data.IntArrayTokenStream} or a
 *       memory-mapped {@link org.minimind.workbench.data.TokenFile}, and {@link
 *       org.minimind.workbench.data.PackedSequences} cuts it into training sequences of {@code
 *       seqLen + 1} tokens.
 *   <li>{@link org.minimind.workbench.data.BatchSampler} shuffles those sequences per epoch from a
 *       seed and hands out {@link org.minimind.workbench.data.Batch}es; its {@link
 *       org.minimind.workbench.data.SamplerPosition} lets an interrupted run resume on exactly the
 *       batch it would have seen next.
 * </ol>
 *
 * <p>{@link org.minimind.workbench.data.PackedCorpus} runs steps 1-3 in two streaming passes. This
 * package depends on no tokenizer class: the encoder is a plain function, so tests and tools can
 * pass a toy one. Classes here are not thread-safe unless they say so.
 */
package org.minimind.workbench.data;
