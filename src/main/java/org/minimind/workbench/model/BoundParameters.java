package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters as one forward pass sees them: views created by {@link ParameterSet#bind}, living
 * in the pass's manager.
 *
 * <p>After a backward pass, {@link #gradient} tells a parameter that received no gradient (its
 * autograd gradient is undefined, as {@code p.grad is None} in PyTorch) apart from one whose
 * gradient is zero. The seed's memory gate is the case in point: its {@code keys} and {@code
 * gate_proj} feed only the slot choice, which is not differentiable, so they never get one.
 */
public final class BoundParameters {
  private final Map<String, NDArray> views;
  private final boolean trainable;

  BoundParameters(Map<String, NDArray> views, boolean trainable) {
    this.views = views;
    this.trainable = trainable;
  }

  public NDArray get(String name) {
    NDArray a = views.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    return a;
  }

  /**
   * Lends these parameters to {@code scope} until it closes: a forward pass then keeps its
   * temporaries in {@code scope} (operations attach their result to their first operand's manager),
   * while gradients still accumulate in these leaves.
   */
  public BoundParameters lendTo(NDManager scope) {
    for (NDArray view : views.values()) {
      view.tempAttach(scope);
    }
    return this;
  }

  public Map<String, NDArray> all() {
    return Collections.unmodifiableMap(views);
  }

  public boolean trainable() {
    return trainable;
  }

  /**
   * The accumulated gradient of a parameter, or empty when no backward pass reached it. The
   * returned array belongs to the pass's manager.
   */
  public Optional<NDArray> gradient(String name) {
    NDArray view = get(name);
    if (!trainable) {
      return Optional.empty();
    }
    // DJL's NDArray.getGradient() substitutes zeros for an undefined gradient; ask the engine
    // directly so that "no gradient" stays distinguishable from a zero gradient.
    PtNDArray grad = JniUtils.getGradient((PtNDArray) view);
    if (grad == null) {
      return Optional.empty();
    }
    grad.attach(view.getManager());
    return Optional.of(grad);
  }

  /**
   * The gradients that were received, by parameter name in the seed's order (parameters without one
   * left out). The arrays belong to the pass's manager.
   */
  public Map<String, NDArray> gradients() {
    Map<String, NDArray> grads = new LinkedHashMap<>();
    for (String name : views.keySet()) {
      gradient(name).ifPresent(g -> grads.put(name, g));
    }
    return grads;
  }

  /** L2 norm of every parameter's gradient, in the seed's order; {@code null} where none. */
  public Map<String, Double> gradientNorms() {
    Map<String, Double> norms = new LinkedHashMap<>();
    for (String name : views.keySet()) {
      norms.put(name, gradient(name).map(g -> (double) g.norm().getFloat()).orElse(null));
    }
    return norms;
  }
}
