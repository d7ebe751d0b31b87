package org.minimind.workbench.model;

import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and shapes a configuration implies, in the seed's {@code state_dict()} order, with how
 * PyTorch initialises each (used when training from scratch).
 */
public final class ParameterLayout {
  /** How the seed's modules initialise a parameter. */
  public enum Init {
    /** {@code nn.Linear}: uniform in +-1/sqrt(fan_in) (Kaiming uniform with a = sqrt(5)). */
    LINEAR,
    /** {@code torch.randn}: standard normal. */
    NORMAL,
    /** {@code torch.ones}: RMSNorm weights. */
    ONES
  }

  /** One parameter's shape and initialisation. */
  public record Entry(String name, Shape shape, Init init) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  void add(String name, long... shape) {
    add(name, Init.LINEAR, shape);
  }

  void add(String name, Init init, long... shape) {
    if (entries.put(name, new Entry(name, new Shape(shape), init)) != null) {
      throw new IllegalStateException("parameter '" + name + "' declared twice");
    }
  }

  public Map<String, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  public Shape shape(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    return e.shape();
  }

  /** Total number of scalars. */
  public long count() {
    long n = 0;
    for (Entry e : entries.values()) {
      n += e.shape().size();
    }
    return n;
  }
}
