package org.minimind.workbench.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The token-based memory bank of experiment 1.4.6, as its commit message describes it ("embedding
 * -> feature -> output -> token", EMA decay 0.9 every 5 steps, a sparse cache, immediate
 * compression). The seed has no code for it; this is the workbench's interpretation, every number a
 * setting ({@link TokenMemorySettings}):
 *
 * <ul>
 *   <li><b>Bank.</b> {@code memory_tokens}, int token ids [N, L], initialised from random windows
 *       of the training corpus (seeded). Not a parameter: no gradient, no optimizer state.
 *   <li><b>Read</b> (in {@link MemoryLM}): a selected slot's L ids go through the token embedding
 *       and a learned projection {@code memory_proj} to knowledge_dim, so the gate and the fusion
 *       are the continuous variant's.
 *   <li><b>Write</b>, without gradient ({@link #record}, {@link #update}): during each interval of
 *       {@code ema_update_freq} optimizer steps a sparse cache keeps, for every slot that was
 *       selected and every position l of its L tokens, the sum and count of the embeddings of the L
 *       tokens ending at each selecting position. The sum is kept in factored form, as counts of
 *       token ids, which is the same sum at a fraction of the memory. At the interval's end each
 *       touched position becomes {@code decay * embed(id) + (1 - decay) * mean(cached)} and is
 *       compressed at once back to a token id through the output head (tied to the embedding): the
 *       id of the largest logit. Untouched slots never change.
 * </ul>
 *
 * <p>Shapes: N slots, L knowledge_length, V vocab, D dim.
 */
public final class TokenMemory implements AutoCloseable {
  /** Rows of features compressed per engine call during an update. */
  private static final int COMPRESS_CHUNK = 8192;

  private final NDManager manager;
  private final int slots;
  private final int length;
  private final int vocab;
  private final TokenMemorySettings settings;
  private final int[] host; // (N * L) mirror of the device array
  private NDArray tokens; // (N, L) int64 on the model's device
  private final Long2IntOpenHashMap cache = new Long2IntOpenHashMap();
  private int stepsInInterval;
  private int[] lastLogged;

  private TokenMemory(NDManager parent, ModelConfig cfg, int[] ids) {
    this.manager = parent.newSubManager();
    this.slots = cfg.knowledgeNum();
    this.length = cfg.tokenMemory().knowledgeLength();
    this.vocab = cfg.vocabSize();
    this.settings = cfg.tokenMemory();
    if (ids.length != slots * length) {
      throw new IllegalArgumentException(
          "memory_tokens: expected " + slots + " x " + length + " ids, got " + ids.length);
    }
    for (int id : ids) {
      if (id < 0 || id >= vocab) {
        throw new IllegalArgumentException(
            "memory_tokens: id " + id + " outside the vocabulary [0, " + vocab + ")");
      }
    }
    this.host = ids.clone();
    this.lastLogged = ids.clone();
    upload();
  }

  /** A bank of uniformly random ids (seeded): for benchmarks and until a corpus is at hand. */
  static TokenMemory random(NDManager parent, ModelConfig cfg, long seed) {
    int[] ids = new int[cfg.knowledgeNum() * cfg.tokenMemory().knowledgeLength()];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = r.nextInt(cfg.vocabSize());
    }
    return new TokenMemory(parent, cfg, ids);
  }

  /** A bank holding the given ids, (N * L) row-major (e.g. from a checkpoint). */
  static TokenMemory of(NDManager parent, ModelConfig cfg, int[] ids) {
    return new TokenMemory(parent, cfg, ids);
  }

  /**
   * Refills every slot with a window of L consecutive tokens from {@code stream} at a random offset
   * (seeded), as the corpus would show them.
   */
  public void initializeFromWindows(int[] stream, long seed) {
    if (stream.length < length) {
      throw new IllegalArgumentException(
          "the corpus has " + stream.length + " tokens, fewer than one slot of " + length);
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int s = 0; s < slots; s++) {
      int start = r.nextInt(stream.length - length + 1);
      System.arraycopy(stream, start, host, s * length, length);
    }
    for (int id : host) {
      if (id < 0 || id >= vocab) {
        throw new IllegalArgumentException("corpus token " + id + " outside the vocabulary");
      }
    }
    lastLogged = host.clone();
    cache.clear();
    upload();
  }

  private void upload() {
    long[] ids = new long[host.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = host[i];
    }
    // Copied into engine-owned memory: a tensor created from a Java buffer must not outlive it.
    NDArray staging = manager.create(ids, new Shape(slots, length));
    NDArray fresh = staging.duplicate();
    fresh.attach(manager);
    staging.close();
    if (tokens != null) {
      tokens.close();
    }
    tokens = fresh;
  }

  public int slots() {
    return slots;
  }

  public int knowledgeLength() {
    return length;
  }

  public TokenMemorySettings settings() {
    return settings;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** The ids of one slot. */
  public int[] slot(int s) {
    return Arrays.copyOfRange(host, s * length, (s + 1) * length);
  }

  /** Every id, (N * L) row-major: a copy. */
  public int[] ids() {
    return host.clone();
  }

  /**
   * The ids of the selected slots: {@code slotIndices} (M) int64 to (M, L) int64 in its manager.
   */
  NDArray lookup(NDArray slotIndices) {
    NDArray ids = tokens.get(slotIndices);
    ids.attach(slotIndices.getManager());
    return ids;
  }

  /**
   * Adds one micro-batch to the sparse cache.
   *
   * @param inputIds (B, T) row-major, the batch's input tokens
   * @param batch B
   * @param seqLen T
   * @param indicesPerLayer each layer's selected slots, (B, T, k) row-major
   */
  public void record(long[] inputIds, int batch, int seqLen, List<long[]> indicesPerLayer) {
    for (long[] indices : indicesPerLayer) {
      int k = indices.length / (batch * seqLen);
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < seqLen; t++) {
          int base = (b * seqLen + t) * k;
          for (int j = 0; j < k; j++) {
            long slot = indices[base + j];
            // The L tokens ending at position t: window[l] = ids[t - (L - 1) + l].
            for (int l = 0; l < length; l++) {
              int pos = t - (length - 1) + l;
              if (pos < 0) {
                continue;
              }
              long token = inputIds[b * seqLen + pos];
              cache.addTo(key(slot, l, token), 1);
            }
          }
        }
      }
    }
  }

  private long key(long slot, int l, long token) {
    return (slot * length + l) * vocab + token;
  }

  /** Entries in the sparse cache (distinct slot, position, token triples). */
  public int cachedEntries() {
    return cache.size();
  }

  /**
   * Marks an optimizer step done; at the end of an interval of {@code ema_update_freq} steps runs
   * the EMA update against the current embedding (V, D) and returns what changed.
   */
  public Update stepCompleted(NDArray embedding) {
    stepsInInterval++;
    if (stepsInInterval < settings.emaUpdateFreq()) {
      return null;
    }
    stepsInInterval = 0;
    return update(embedding);
  }

  /** What one EMA update did. */
  public record Update(
      int touchedSlots, int touchedPositions, int changedSlots, int changedPositions) {}

  /** The EMA update and compression of every cached position; clears the cache. */
  public Update update(NDArray embedding) {
    if (cache.isEmpty()) {
      return new Update(0, 0, 0, 0);
    }
    long[] keys = cache.keySet().toLongArray();
    Arrays.sort(keys); // groups entries by (slot, position)
    float[] table = embedding.toFloatArray(); // (V, D)
    int dim = (int) embedding.getShape().get(1);
    double decay = settings.emaDecay();
    // Pairs (slot * L + l) in order, with their range of entries.
    int pairs = 0;
    long prev = -1;
    for (long key : keys) {
      long pair = key / vocab;
      if (pair != prev) {
        pairs++;
        prev = pair;
      }
    }
    long[] pairIds = new long[pairs];
    int[] starts = new int[pairs + 1];
    prev = -1;
    int p = -1;
    for (int i = 0; i < keys.length; i++) {
      long pair = keys[i] / vocab;
      if (pair != prev) {
        pairIds[++p] = pair;
        starts[p] = i;
        prev = pair;
      }
    }
    starts[pairs] = keys.length;

    int[] newIds = new int[pairs];
    float[] features = new float[Math.min(COMPRESS_CHUNK, pairs) * dim];
    for (int from = 0; from < pairs; from += COMPRESS_CHUNK) {
      int rows = Math.min(COMPRESS_CHUNK, pairs - from);
      Arrays.fill(features, 0, rows * dim, 0f);
      for (int r = 0; r < rows; r++) {
        int pi = from + r;
        int old = host[(int) pairIds[pi]];
        long count = 0;
        for (int e = starts[pi]; e < starts[pi + 1]; e++) {
          count += cache.get(keys[e]);
        }
        int off = r * dim;
        for (int d = 0; d < dim; d++) {
          features[off + d] = (float) (decay * table[old * dim + d]);
        }
        for (int e = starts[pi]; e < starts[pi + 1]; e++) {
          int token = (int) (keys[e] % vocab);
          float w = (float) ((1 - decay) * cache.get(keys[e]) / count);
          int src = token * dim;
          for (int d = 0; d < dim; d++) {
            features[off + d] += w * table[src + d];
          }
        }
      }
      int[] best = compress(embedding, features, rows, dim);
      System.arraycopy(best, 0, newIds, from, rows);
    }
    int changedPositions = 0;
    int changedSlots = 0;
    int touchedSlots = 0;
    long lastSlot = -1;
    boolean slotChanged = false;
    for (int i = 0; i < pairs; i++) {
      long slot = pairIds[i] / length;
      if (slot != lastSlot) {
        if (slotChanged) {
          changedSlots++;
        }
        touchedSlots++;
        slotChanged = false;
        lastSlot = slot;
      }
      int at = (int) pairIds[i];
      if (host[at] != newIds[i]) {
        host[at] = newIds[i];
        changedPositions++;
        slotChanged = true;
      }
    }
    if (slotChanged) {
      changedSlots++;
    }
    cache.clear();
    upload();
    return new Update(touchedSlots, pairs, changedSlots, changedPositions);
  }

  /** Nearest token by logit through the tied output head: argmax_v E[v] . f for each row. */
  private static int[] compress(NDArray embedding, float[] features, int rows, int dim) {
    try (NDManager scope = embedding.getManager().newSubManager()) {
      NDArray f = scope.create(Arrays.copyOf(features, rows * dim), new Shape(rows, dim));
      NDArray e = embedding.stopGradient();
      e.attach(scope);
      NDArray logits = f.matMul(e.transpose()); // (rows, V)
      long[] arg = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
      int[] out = new int[rows];
      for (int i = 0; i < rows; i++) {
        out[i] = (int) arg[i];
      }
      return out;
    }
  }

  /**
   * Changes since the last call, for the drift view: share of slots and of token positions whose
   * ids differ, and each slot's number of changed positions (0..L) in {@code perSlot} when it is
   * not null.
   */
  public MemoryDrift driftSinceLastLog(float[] perSlot) {
    int changedSlots = 0;
    long changedPositions = 0;
    for (int s = 0; s < slots; s++) {
      int changed = 0;
      for (int l = 0; l < length; l++) {
        int i = s * length + l;
        if (host[i] != lastLogged[i]) {
          changed++;
        }
      }
      if (perSlot != null) {
        perSlot[s] = changed;
      }
      if (changed > 0) {
        changedSlots++;
      }
      changedPositions += changed;
    }
    lastLogged = host.clone();
    return MemoryDrift.tokens(
        (double) changedSlots / slots, changedSlots, (double) changedPositions / host.length);
  }

  @Override
  public void close() {
    manager.close();
  }
}
