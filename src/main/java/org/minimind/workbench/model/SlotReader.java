package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;

/** Turns selected slot indices into the vectors the fusion reads: (M) int64 to (M, Q). */
@FunctionalInterface
interface SlotReader {
  NDArray read(NDArray slotIndices);
}
