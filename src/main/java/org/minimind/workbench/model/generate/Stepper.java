package org.minimind.workbench.model.generate;

import java.util.List;

/**
 * What a generation needs from the model at each step: bring it up to date with a window of the
 * sequence and report its prediction for the next position. {@link ModelStepper} is the real one;
 * tests substitute scripted logits to drive the streaming and stopping logic token by token.
 */
interface Stepper extends AutoCloseable {
  /**
   * @param logits (V) the last position's logits
   * @param traces memory traces of the positions run, in order (only the last one unless all were
   *     asked for)
   */
  record Output(float[] logits, List<MemoryTrace> traces) {}

  /**
   * Brings the model up to date with {@code sequence[windowStart, end)} (positions {@code
   * windowStart..} counted from 0 in the window) and returns what it predicts for position {@code
   * end}, with the traces of every position run when {@code allTraces}, else of the last.
   */
  Output run(int[] sequence, int windowStart, int end, boolean allTraces);

  @Override
  void close();
}
