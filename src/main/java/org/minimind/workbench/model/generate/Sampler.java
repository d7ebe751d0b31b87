package org.minimind.workbench.model.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One sampling step of the seed's {@code _stream} (model_memory_1_4_4.py), computed in double on
 * the host, and a seeded draw from the result.
 *
 * <p>The seed, for the last position's logits {@code l} (V values) and the sequence so far:
 *
 * <pre>
 *   l[set(sequence)] /= rp                       # every id present, even a negative logit
 *   l /= temperature + 1e-9
 *   if top_p &lt; 1:                              # nucleus filter
 *       sort l descending; c = cumsum(softmax(sorted l))
 *       remove sorted position r &gt;= 1 when c[r-1] &gt; top_p     # the crossing token stays
 *   next = multinomial(softmax(l))
 * </pre>
 *
 * <p>Then, as additions, top-k (keep the k most likely) and min-p (drop tokens whose probability is
 * below {@code min_p} times the most likely one's, after temperature), both after top-p. Both keep
 * a prefix of the same ranking, so the order of the three filters does not change the result;
 * min-p's ratio is the same before and after renormalisation. With temperature 0 the distribution
 * is a point mass on the most likely token after the repetition penalty (ties: lowest id). The
 * ranking is the seed's sort order (values as float32, ties by id), but the cut is found by
 * selection rather than a full sort (see {@link #nucleus}), which keeps a step well under a
 * millisecond for V = 6400.
 *
 * <p>DJL has no {@code multinomial}, and the engine's random generator is global; {@link #draw}
 * inverts the cumulative distribution with a {@link SplittableRandom} seeded from the settings, so
 * a generation repeats exactly. Not thread-safe (one per generation).
 */
public final class Sampler {
  /** The seed adds this to the temperature before dividing. */
  public static final double TEMPERATURE_EPSILON = 1e-9;

  private final SamplingSettings settings;
  private final SplittableRandom random;

  public Sampler(SamplingSettings settings) {
    this.settings = settings;
    this.random = new SplittableRandom(settings.seed());
  }

  public SamplingSettings settings() {
    return settings;
  }

  /** {@link #distribution(float[], int[], int, SamplingSettings)} with this sampler's settings. */
  public double[] distribution(float[] logits, int[] sequence, int length) {
    return distribution(logits, sequence, length, settings);
  }

  /**
   * The distribution the next token is drawn from.
   *
   * @param logits (V) the model's logits for the next token
   * @param sequence the ids so far (prompt and generated), of which the first {@code length} count
   *     for the repetition penalty
   * @return (V) probabilities summing to 1, zero for every filtered token
   * @throws IllegalArgumentException for a NaN logit or an id outside the vocabulary
   */
  public static double[] distribution(
      float[] logits, int[] sequence, int length, SamplingSettings s) {
    int v = logits.length;
    double[] z = new double[v];
    for (int i = 0; i < v; i++) {
      if (Float.isNaN(logits[i])) {
        throw new IllegalArgumentException("logit of id " + i + " is NaN");
      }
      z[i] = logits[i];
    }
    if (s.repetitionPenalty() != 1.0) {
      boolean[] seen = new boolean[v];
      for (int i = 0; i < length; i++) {
        int id = sequence[i];
        if (id < 0 || id >= v) {
          throw new IllegalArgumentException(
              "id " + id + " at " + i + " is outside the vocabulary [0, " + v + ")");
        }
        if (!seen[id]) {
          seen[id] = true;
          z[id] /= s.repetitionPenalty();
        }
      }
    }
    double[] p = new double[v];
    if (s.isGreedy()) {
      p[argmax(z)] = 1;
      return p;
    }
    double t = s.temperature() + TEMPERATURE_EPSILON;
    for (int i = 0; i < v; i++) {
      z[i] /= t;
    }
    int best = argmax(z);
    double max = z[best];
    double sum = 0;
    for (int i = 0; i < v; i++) {
      p[i] = Math.exp(z[i] - max); // unnormalised softmax
      sum += p[i];
    }
    boolean[] removed = new boolean[v];
    if (s.topP() < 1 || s.topK() > 0) {
      long[] keys = rankKeys(z);
      int keep = v;
      if (s.topP() < 1) {
        keep = nucleus(keys, p, s.topP() * sum); // keys[0, keep) hold the kept tokens
      }
      if (s.topK() > 0 && s.topK() < keep) {
        selectLargest(keys, 0, keep, s.topK());
        keep = s.topK();
      }
      Arrays.fill(removed, true);
      for (int r = 0; r < keep; r++) {
        removed[idOf(keys[r])] = false;
      }
    }
    if (s.minP() > 0) {
      for (int i = 0; i < v; i++) {
        if (p[i] < s.minP()) { // p[i] is exp(z - max): the ratio to the most likely token
          removed[i] = true;
        }
      }
    }
    double kept = 0;
    for (int i = 0; i < v; i++) {
      if (removed[i]) {
        p[i] = 0;
      } else {
        kept += p[i];
      }
    }
    for (int i = 0; i < v; i++) {
      p[i] /= kept;
    }
    return p;
  }

  /**
   * Draws an id from {@code probabilities} by inverting their cumulative sum with this sampler's
   * random generator (one uniform number per draw).
   */
  public int draw(double[] probabilities) {
    return inverseCdf(probabilities, random.nextDouble());
  }

  /** The id whose cumulative probability interval holds {@code u} in [0, 1). */
  static int inverseCdf(double[] probabilities, double u) {
    double cumulative = 0;
    int last = -1;
    for (int i = 0; i < probabilities.length; i++) {
      double q = probabilities[i];
      if (q > 0) {
        cumulative += q;
        last = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    if (last < 0) {
      throw new IllegalArgumentException("the distribution has no token with positive probability");
    }
    return last; // u fell into the rounding gap below 1
  }

  /**
   * The {@code n} ids ranked first by {@code probabilities}, then (among equal probabilities, e.g.
   * filtered tokens) by {@code logits}, then by id.
   */
  public static int[] mostLikely(double[] probabilities, float[] logits, int n) {
    int k = Math.min(n, probabilities.length);
    int[] top = new int[k];
    int size = 0;
    for (int id = 0; id < probabilities.length; id++) {
      if (size == k && !before(id, top[k - 1], probabilities, logits)) {
        continue;
      }
      int pos = size == k ? k - 1 : size++;
      while (pos > 0 && before(id, top[pos - 1], probabilities, logits)) {
        top[pos] = top[pos - 1];
        pos--;
      }
      top[pos] = id;
    }
    return top;
  }

  private static boolean before(int a, int b, double[] p, float[] logits) {
    if (p[a] != p[b]) {
      return p[a] > p[b];
    }
    if (logits[a] != logits[b]) {
      return logits[a] > logits[b];
    }
    return a < b;
  }

  /** The model's own distribution: softmax of the logits, in double. */
  public static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  private static int argmax(double[] z) {
    int best = 0;
    for (int i = 1; i < z.length; i++) {
      if (z[i] > z[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * One key per id that orders ids as the seed's {@code torch.sort(descending=True)} does: by value
   * (compared as float32, the seed's precision), then, for equal values, lower id first. Larger key
   * = earlier rank; the id is recovered with {@link #idOf}.
   */
  static long[] rankKeys(double[] z) {
    long[] keys = new long[z.length];
    for (int i = 0; i < z.length; i++) {
      int bits = Float.floatToIntBits((float) z[i]);
      int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // signed order of the float value
      keys[i] = ((long) sortable << 32) | (Integer.MAX_VALUE - i);
    }
    return keys;
  }

  static int idOf(long key) {
    return Integer.MAX_VALUE - (int) (key & 0xffffffffL);
  }

  /**
   * The seed's top-p cut without sorting everything: the number R of kept tokens, the first rank at
   * which the cumulative mass exceeds {@code threshold} (ranks up to R are kept), with the keys of
   * those R tokens moved to {@code keys[0, R)}. A quickselect: the range still to search is split
   * around a pivot; only the part holding the crossing is searched further, so this costs O(V) on
   * average instead of a sort's O(V log V). Short ranges are sorted and scanned.
   *
   * @param mass unnormalised probabilities by id
   * @param threshold top-p times their sum
   */
  static int nucleus(long[] keys, double[] mass, double threshold) {
    int lo = 0; // keys[0, lo): tokens ranked before everything in [lo, hi), all kept
    int hi = keys.length;
    double before = 0; // their mass
    while (hi - lo > 32) {
      int m = partition(keys, lo, hi); // [lo, m) larger than keys[m], (m, hi) smaller
      double upper = 0;
      for (int i = lo; i < m; i++) {
        upper += mass[idOf(keys[i])];
      }
      if (before + upper > threshold) {
        hi = m; // the crossing lies among the larger ones
      } else if (before + upper + mass[idOf(keys[m])] > threshold) {
        return m + 1; // the pivot crosses: kept up to and including it
      } else {
        before += upper + mass[idOf(keys[m])];
        lo = m + 1;
      }
    }
    Arrays.sort(keys, lo, hi);
    for (int i = lo, j = hi - 1; i < j; i++, j--) { // descending
      long t = keys[i];
      keys[i] = keys[j];
      keys[j] = t;
    }
    for (int i = lo; i < hi; i++) {
      before += mass[idOf(keys[i])];
      if (before > threshold) {
        return i + 1;
      }
    }
    return hi; // never crossed (only possible when hi is the whole vocabulary)
  }

  /** Reorders {@code keys[lo, hi)} so that its {@code k} largest come first. */
  static void selectLargest(long[] keys, int lo, int hi, int k) {
    int target = lo + k; // keys[lo, target) must be the k largest
    while (hi - lo > 1) {
      int m = partition(keys, lo, hi);
      if (m == target || m + 1 == target) {
        return;
      }
      if (m > target) {
        hi = m;
      } else {
        lo = m + 1;
      }
    }
  }

  /**
   * Partitions {@code keys[lo, hi)} (distinct values, at least 3) around the median of its first,
   * middle and last keys: larger keys before it, smaller after. Returns the pivot's index.
   */
  private static int partition(long[] keys, int lo, int hi) {
    int mid = (lo + hi) >>> 1;
    long a = keys[lo];
    long b = keys[mid];
    long c = keys[hi - 1];
    int pivotAt = (a < b) == (b < c) ? mid : ((b < a) == (a < c) ? lo : hi - 1);
    long pivot = keys[pivotAt];
    swap(keys, pivotAt, hi - 1);
    int store = lo;
    for (int i = lo; i < hi - 1; i++) {
      if (keys[i] > pivot) {
        swap(keys, i, store++);
      }
    }
    swap(keys, store, hi - 1);
    return store;
  }

  private static void swap(long[] a, int i, int j) {
    long t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
