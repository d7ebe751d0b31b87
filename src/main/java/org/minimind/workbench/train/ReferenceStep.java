package org.minimind.workbench.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.DriftTracker;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.MemoryDrift;
import org.minimind.workbench.model.MemoryLM;

/**
 * One training step on a fixed batch, exactly as the seed's recorded fixtures take it: the memory
 * bank is snapshot, then loss = next-token cross entropy on {@code logits[:, :-1]} against {@code
 * input_ids[:, 1:]} plus the balance loss, backward, one AdamW step (lr 1e-3, betas 0.9/0.95,
 * weight decay 0.1, eps 1e-8), and the bank's drift since the snapshot. Used by {@code --dump
 * --train-step} to compare against the seed.
 */
public final class ReferenceStep {
  /** The optimizer the seed's fixtures use. */
  public static final AdamW.Settings ADAMW = new AdamW.Settings(1e-3, 0.9, 0.95, 1e-8, 0.1);

  private ReferenceStep() {}

  /**
   * What the step produced.
   *
   * @param ce cross entropy before the step
   * @param aux balance loss before the step
   * @param gradients each parameter's gradient (flattened), only where one was received
   * @param gradNorms L2 norm of each gradient, {@code null} where none was received
   * @param bankAfter the memory bank after the update (flattened)
   * @param drift the seed's drift stats after the update
   */
  public record Result(
      double ce,
      double aux,
      Map<String, float[]> gradients,
      Map<String, Double> gradNorms,
      float[] bankAfter,
      MemoryDrift drift) {

    public double loss() {
      return ce + aux;
    }
  }

  /** Runs the step on {@code ids} (B, T) int64, updating the model in place. */
  public static Result run(MemoryLM model, NDArray ids) {
    if (model.tokenMemory().isPresent()) {
      throw new IllegalArgumentException(
          "the reference training step is the seed's (1.4.4, continuous memory); this model uses"
              + " the token memory");
    }
    NDArray bank = model.parameters().get(MemoryLM.MEMORY_BANK);
    try (NDManager scope = model.parameters().manager().newSubManager();
        DriftTracker tracker = new DriftTracker(bank);
        AdamW optimizer = new AdamW(scope, ADAMW)) {
      tracker.snapshot(bank);
      NDArray input = ids.duplicate();
      input.attach(scope);
      BoundParameters leaves = model.bind(scope, true);
      double ce;
      double aux;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        ForwardOutput out = model.forward(leaves, input, ForwardOptions.train());
        NDArray logits = out.logits().get(new NDIndex(":, :-1")); // (B, T-1, V)
        NDArray targets = input.get(new NDIndex(":, 1:")); // (B, T-1)
        NDArray loss = MemoryLM.crossEntropy(logits, targets);
        gc.backward(loss);
        ce = loss.getFloat();
        aux = out.auxLoss();
      }
      Map<String, float[]> grads = new LinkedHashMap<>();
      Map<String, Double> norms = new LinkedHashMap<>();
      for (String name : model.parameters().names()) {
        Optional<NDArray> g = leaves.gradient(name);
        norms.put(name, g.map(a -> (double) a.norm().getFloat()).orElse(null));
        g.ifPresent(a -> grads.put(name, a.toFloatArray()));
      }
      optimizer.step(model.parameters(), leaves.gradients(), ADAMW.lr());
      MemoryDrift drift = tracker.measure(bank);
      return new Result(ce, aux, grads, norms, bank.toFloatArray(), drift);
    }
  }
}
