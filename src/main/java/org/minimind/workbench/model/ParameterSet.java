package org.minimind.workbench.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's named parameters, in the seed's {@code state_dict()} order, owned by one manager on one
 * device.
 *
 * <p>The arrays held here never record gradients. A forward pass works on {@link #bind views} of
 * them: detached aliases that share storage, created in the pass's own manager, so that closing the
 * pass frees everything it made and each training step starts with no gradients at all (as {@code
 * zero_grad(set_to_none=True)} does). Optimizers update the arrays held here in place.
 */
public final class ParameterSet implements AutoCloseable {
  private final NDManager manager;
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();

  public ParameterSet(Device device) {
    this.manager = NDManager.newBaseManager(device);
    this.manager.setName("parameters");
  }

  public NDManager manager() {
    return manager;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** Adds a parameter; the array moves into this set's manager and onto its device. */
  public void register(String name, NDArray value) {
    if (arrays.containsKey(name)) {
      throw new IllegalArgumentException("parameter '" + name + "' registered twice");
    }
    NDArray placed = value.getDevice().equals(device()) ? value : value.toDevice(device(), false);
    if (placed != value) {
      value.close();
    }
    if (placed.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' must be float32, found " + placed.getDataType());
    }
    placed.attach(manager);
    arrays.put(name, placed);
  }

  public NDArray get(String name) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    return a;
  }

  public boolean contains(String name) {
    return arrays.containsKey(name);
  }

  /** Parameter names in the seed's order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(arrays.keySet());
  }

  public Shape shape(String name) {
    return get(name).getShape();
  }

  /** Total number of scalars. */
  public long count() {
    long n = 0;
    for (NDArray a : arrays.values()) {
      n += a.size();
    }
    return n;
  }

  /** Replaces a parameter's values in place (same shape), e.g. when loading a checkpoint. */
  public void copyFrom(String name, float[] values) {
    NDArray target = get(name);
    if (values.length != target.size()) {
      throw new IllegalArgumentException(
          "parameter '" + name + "': expected " + target.size() + " values, got " + values.length);
    }
    try (NDManager tmp = manager.newSubManager()) {
      NDArray src = tmp.create(values, target.getShape());
      target.set(src.toByteBuffer());
    }
  }

  /**
   * Views of every parameter for one forward pass, attached to {@code scope}. With {@code
   * trainable} the views are autograd leaves, and their gradients are read back from the returned
   * object after the backward pass.
   */
  public BoundParameters bind(NDManager scope, boolean trainable) {
    Map<String, NDArray> views = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      NDArray view = e.getValue().stopGradient();
      view.attach(scope);
      if (trainable) {
        view.setRequiresGradient(true);
      }
      views.put(e.getKey(), view);
    }
    return new BoundParameters(views, trainable);
  }

  @Override
  public void close() {
    arrays.clear();
    manager.close();
  }
}
