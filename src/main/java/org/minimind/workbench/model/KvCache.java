package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and values of every layer for the positions seen so far, so that generation costs one
 * position per new token. Buffers are allocated once at full capacity and filled in place.
 *
 * <p>Shapes: B batch, C capacity, G key/value heads, E head dim.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final List<Layer> layers = new ArrayList<>();
  private final int capacity;

  public KvCache(NDManager parent, ModelConfig cfg, int batch, int capacity) {
    if (capacity <= 0 || capacity > RotaryEmbedding.MAX_POSITIONS) {
      throw new IllegalArgumentException(
          "cache capacity (" + capacity + ") must be in 1.." + RotaryEmbedding.MAX_POSITIONS);
    }
    this.manager = parent.newSubManager();
    this.capacity = capacity;
    Shape shape = new Shape(batch, capacity, cfg.nKvHeads(), cfg.headDim());
    for (int i = 0; i < cfg.nLayers(); i++) {
      layers.add(new Layer(manager.zeros(shape), manager.zeros(shape)));
    }
  }

  public Layer layer(int i) {
    return layers.get(i);
  }

  /** Positions cached so far (equal in every layer after a full forward pass). */
  public int length() {
    return layers.isEmpty() ? 0 : layers.get(0).length;
  }

  public int capacity() {
    return capacity;
  }

  /** Forgets every cached position; the buffers are kept. */
  public void clear() {
    for (Layer l : layers) {
      l.length = 0;
    }
  }

  /**
   * Makes room for {@code t} new positions in every layer (see {@link Layer#reserve}) and returns
   * how many were cached before.
   */
  long reserveAll(long t) {
    long past = length();
    for (Layer l : layers) {
      if (l.length != past) {
        throw new IllegalStateException("the cache's layers hold different lengths");
      }
    }
    for (Layer l : layers) {
      l.reserve(t);
    }
    return past;
  }

  /** Every layer's key and value buffers, in layer order: (B, C, G, E) each. */
  List<NDArray> allBuffers() {
    List<NDArray> out = new ArrayList<>(layers.size() * 2);
    for (Layer l : layers) {
      out.add(l.keys);
      out.add(l.values);
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }

  /** One layer's buffers: (B, C, G, E) each. */
  public final class Layer {
    private final NDArray keys;
    private final NDArray values;
    private int length;

    private Layer(NDArray keys, NDArray values) {
      this.keys = keys;
      this.values = values;
    }

    int length() {
      return length;
    }

    /** The key and value buffers, (B, C, G, E) each. */
    NDArray[] buffers() {
      return new NDArray[] {keys, values};
    }

    /**
     * Makes room for {@code t} new positions after the cached ones (the caller writes them into
     * {@link #buffers}) and returns how many were cached before.
     */
    long reserve(long t) {
      if (length + t > capacity) {
        throw new IllegalStateException(
            "KV cache full: "
                + length
                + " cached + "
                + t
                + " new positions exceed its capacity "
                + capacity);
      }
      int past = length;
      length += (int) t;
      return past;
    }
  }
}
