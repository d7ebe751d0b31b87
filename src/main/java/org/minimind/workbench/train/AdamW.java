package org.minimind.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minimind.workbench.model.Kernels;
import org.minimind.workbench.model.ParameterSet;

/**
 * {@code torch.optim.AdamW}: decoupled weight decay, bias-corrected moments, computed by PyTorch's
 * own kernels ({@link Kernels#adamw}). For each parameter with a gradient g at its step t:
 *
 * <pre>
 *   p   *= 1 - lr * weight_decay
 *   m    = beta1 * m + (1 - beta1) * g
 *   v    = beta2 * v + (1 - beta2) * g^2
 *   p   -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>As in PyTorch, a parameter without a gradient is skipped entirely (no decay, no state, its
 * step count does not advance): the seed's memory-gate keys therefore never change.
 */
public final class AdamW implements AutoCloseable {
  private final Settings settings;
  private final NDManager manager;
  private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
  private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
  private final Map<String, Long> steps = new LinkedHashMap<>();
  // the same counts as 0-d float32 arrays on the parameters' device, which the fused kernel
  // advances itself (no per-step copy to the device)
  private final Map<String, NDArray> stepArrays = new LinkedHashMap<>();

  /**
   * Hyper-parameters; {@code lr} here is the base rate (schedules pass the current one to {@link
   * #step}).
   */
  public record Settings(double lr, double beta1, double beta2, double eps, double weightDecay) {
    public Settings {
      if (!(lr >= 0)) {
        throw new IllegalArgumentException("learning rate (" + lr + ") must be >= 0");
      }
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException(
            "betas (" + beta1 + ", " + beta2 + ") must be in [0, 1)");
      }
      if (!(eps > 0)) {
        throw new IllegalArgumentException("eps (" + eps + ") must be positive");
      }
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("weight decay (" + weightDecay + ") must be >= 0");
      }
    }

    /** PyTorch's AdamW defaults, which MiniMind's pretraining uses, with lr 5e-4. */
    public static Settings miniMindDefaults() {
      return new Settings(5e-4, 0.9, 0.999, 1e-8, 0.01);
    }
  }

  public AdamW(NDManager parent, Settings settings) {
    this.settings = settings;
    this.manager = parent.newSubManager();
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Applies one update with learning rate {@code lr} to every parameter that has a gradient, in one
   * engine call (PyTorch's fused AdamW kernel).
   *
   * @param grads the gradients, by parameter name; parameters without one are left alone
   */
  public void step(ParameterSet params, Map<String, NDArray> grads, double lr) {
    if (grads.isEmpty()) {
      return;
    }
    List<NDArray> p = new ArrayList<>();
    List<NDArray> m = new ArrayList<>();
    List<NDArray> v = new ArrayList<>();
    List<NDArray> t = new ArrayList<>();
    for (String name : grads.keySet()) {
      NDArray param = params.get(name);
      p.add(param);
      m.add(expAvg.computeIfAbsent(name, k -> manager.zeros(param.getShape())));
      v.add(expAvgSq.computeIfAbsent(name, k -> manager.zeros(param.getShape())));
      t.add(stepArrays.computeIfAbsent(name, k -> manager.zeros(new Shape())));
      steps.merge(name, 1L, Long::sum);
    }
    Kernels.get()
        .adamw(
            p,
            List.copyOf(grads.values()),
            m,
            v,
            t,
            lr,
            settings.beta1(),
            settings.beta2(),
            settings.weightDecay(),
            settings.eps());
  }

  /** First moments by parameter name (for checkpoints). */
  public Map<String, NDArray> expAvg() {
    return Collections.unmodifiableMap(expAvg);
  }

  /** Second moments by parameter name (for checkpoints). */
  public Map<String, NDArray> expAvgSq() {
    return Collections.unmodifiableMap(expAvgSq);
  }

  /** Steps taken per parameter. */
  public Map<String, Long> steps() {
    return Collections.unmodifiableMap(steps);
  }

  /** Restores one parameter's state (from a checkpoint). */
  public void restore(String name, float[] m, float[] v, long step, Shape shape) {
    replace(expAvg, name, manager.create(m, shape));
    replace(expAvgSq, name, manager.create(v, shape));
    replace(stepArrays, name, manager.full(new Shape(), (float) step));
    steps.put(name, step);
  }

  private static void replace(Map<String, NDArray> map, String name, NDArray value) {
    NDArray old = map.put(name, value);
    if (old != null) {
      old.close();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
