package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;

/**
 * The result of {@link MemoryLM#infer}: what generation reads from a pass. Arrays live in the
 * manager of the pass's input.
 *
 * @param logits (B, last, V), the last positions' logits
 * @param memoryIndices (L, B, T, k) int64, the slots each layer chose for each position, best first
 * @param memoryScores (L, B, T, k) their softmax scores
 */
public record InferenceOutput(NDArray logits, NDArray memoryIndices, NDArray memoryScores) {}
