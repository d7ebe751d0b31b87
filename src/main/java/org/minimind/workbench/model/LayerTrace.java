package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;

/**
 * What one block produced in a forward pass. Arrays live in the pass's manager.
 *
 * @param hidden (B, T, D) the block's output
 * @param memoryIndices (B, T, k) int64, the slots chosen, best first
 * @param memoryScores (B, T, k) their softmax scores
 * @param usage slot-usage statistics of this pass (the seed's layer stats and balance loss), or
 *     null when the pass did not compute them
 * @param indicesOnHost {@code memoryIndices} copied to the host, row-major, when usage was
 *     computed (else null)
 */
public record LayerTrace(
    NDArray hidden,
    NDArray memoryIndices,
    NDArray memoryScores,
    MemoryUsage usage,
    long[] indicesOnHost) {}
