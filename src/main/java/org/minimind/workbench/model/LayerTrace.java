package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;

/**
 * What one block produced in a forward pass. Arrays live in the pass's manager.
 *
 * @param hidden (B, T, D) the block's output, or null when the pass did not keep it
 * @param memoryIndices (B, T, k) int64, the slots chosen, best first
 * @param memoryScores (B, T, k) their softmax scores
 */
public record LayerTrace(NDArray hidden, NDArray memoryIndices, NDArray memoryScores) {}
