package org.minimind.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;

/** Loss measurements without gradients. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Mean next-token cross entropy of a batch of {@code rows} sequences of {@code seqLen + 1} ids.
   */
  public static double crossEntropy(MemoryLM model, long[] ids, int rows, int seqLen) {
    return crossEntropy(model, ids, rows, seqLen, Intervention.none());
  }

  /**
   * {@link #crossEntropy(MemoryLM, long[], int, int)} with the memory under {@code intervention}.
   */
  public static double crossEntropy(
      MemoryLM model, long[] ids, int rows, int seqLen, Intervention intervention) {
    try (NDManager scope = model.parameters().manager().newSubManager()) {
      NDArray batch = scope.create(ids, new Shape(rows, seqLen + 1));
      NDArray inputs = batch.get(new NDIndex(":, :-1"));
      NDArray targets = batch.get(new NDIndex(":, 1:"));
      ForwardOptions options =
          ForwardOptions.evaluation().withoutUsage().withIntervention(intervention);
      var out = model.forward(model.bind(scope, false), inputs, options);
      return MemoryLM.crossEntropy(out.logits(), targets).getFloat();
    }
  }
}
