package org.minimind.workbench.slots;

import java.util.Arrays;

/**
 * One layer of a slot index in flat primitive arrays: per slot its selection count, summed and
 * maximum score, and its best contexts (position and score, best first), slot after slot; {@code
 * offsets[id]} is where slot {@code id}'s contexts start, {@code min(count, K)} of them. Ranks by
 * count are computed once, when the table is made.
 */
final class LayerTable {
  final int[] counts; // (N)
  final float[] sums; // (N)
  final float[] max; // (N)
  final int[] positions; // (E) E = sum over slots of min(count, K)
  final float[] scores; // (E)
  final int[] offsets; // (N + 1)
  final int[] ranks; // (N) 1 = most selected
  final long total; // selections in the layer

  LayerTable(int[] counts, float[] sums, float[] max, int[] positions, float[] scores, int topK) {
    int n = counts.length;
    if (sums.length != n || max.length != n || positions.length != scores.length) {
      throw new IllegalArgumentException("per-slot arrays of unequal length");
    }
    this.counts = counts;
    this.sums = sums;
    this.max = max;
    this.positions = positions;
    this.scores = scores;
    this.offsets = new int[n + 1];
    long t = 0;
    for (int i = 0; i < n; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException(
            "slot " + i + " has a negative count (" + counts[i] + ")");
      }
      t += counts[i];
      long next = (long) offsets[i] + Math.min(counts[i], topK);
      if (next > positions.length) {
        throw new IllegalArgumentException(
            "the counts promise more contexts than the " + positions.length + " stored");
      }
      offsets[i + 1] = (int) next;
    }
    if (offsets[n] != positions.length) {
      throw new IllegalArgumentException(
          "the counts promise " + offsets[n] + " contexts, " + positions.length + " are stored");
    }
    this.total = t;
    this.ranks = ranks(counts);
  }

  /** Entries per slot for these counts: {@code min(count, K)} summed. */
  static long entries(int[] counts, int topK) {
    long e = 0;
    for (int c : counts) {
      e += Math.min(c, topK);
    }
    return e;
  }

  /** Rank of each slot by count, most selected first, ties by id; one primitive sort. */
  private static int[] ranks(int[] counts) {
    int n = counts.length;
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = ((long) (Integer.MAX_VALUE - counts[i]) << 32) | i;
    }
    Arrays.sort(keys);
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[(int) keys[i]] = i + 1;
    }
    return r;
  }

  /** The slot ids by rank: the {@code n} most selected, most first. */
  int[] top(int n) {
    int m = Math.min(n, counts.length);
    int[] out = new int[m];
    for (int id = 0; id < counts.length; id++) {
      if (ranks[id] <= m) {
        out[ranks[id] - 1] = id;
      }
    }
    return out;
  }
}
