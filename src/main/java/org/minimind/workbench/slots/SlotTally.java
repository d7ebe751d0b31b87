package org.minimind.workbench.slots;

/**
 * The running sums of a {@link SlotIndexBuilder} pass: per layer and slot the selection count,
 * summed and maximum score, and a bounded min-heap of the K best (position, score) pairs, all in
 * flat primitive arrays (slot {@code s}'s heap is {@code [s * K, s * K + min(count, K))}).
 *
 * <p>Ordering: a higher score is better; of equal scores the earlier position. The heap's root is
 * the worst kept, so a new selection costs one comparison unless it enters the top K. Hot spot:
 * {@link #add} runs layers x tokens x k times.
 */
final class SlotTally {
  private final int slots;
  private final int topK;
  private final int[][] counts; // (L, N)
  private final double[][] sums; // (L, N)
  private final float[][] max; // (L, N)
  private final int[][] heapPos; // (L, N * K)
  private final float[][] heapScore; // (L, N * K)

  SlotTally(int layers, int slots, int topK) {
    this.slots = slots;
    this.topK = topK;
    long cells = (long) slots * topK;
    if (cells > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "knowledge_num x top-k (" + slots + " x " + topK + ") exceeds one array's capacity");
    }
    counts = new int[layers][slots];
    sums = new double[layers][slots];
    max = new float[layers][slots];
    heapPos = new int[layers][(int) cells];
    heapScore = new float[layers][(int) cells];
  }

  /** Records that {@code layer} selected {@code slot} at {@code position} with {@code score}. */
  void add(int layer, int slot, int position, float score) {
    int c = counts[layer][slot]++;
    sums[layer][slot] += score;
    if (c == 0 || score > max[layer][slot]) {
      max[layer][slot] = score;
    }
    int[] pos = heapPos[layer];
    float[] sc = heapScore[layer];
    int base = slot * topK;
    if (c < topK) { // room left: sift the new entry up
      int i = c;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!worse(score, position, sc[base + parent], pos[base + parent])) {
          break;
        }
        pos[base + i] = pos[base + parent];
        sc[base + i] = sc[base + parent];
        i = parent;
      }
      pos[base + i] = position;
      sc[base + i] = score;
    } else if (worse(sc[base], pos[base], score, position)) { // beats the worst kept: replace it
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= topK) {
          break;
        }
        if (child + 1 < topK
            && worse(
                sc[base + child + 1], pos[base + child + 1], sc[base + child], pos[base + child])) {
          child++;
        }
        if (!worse(sc[base + child], pos[base + child], score, position)) {
          break;
        }
        pos[base + i] = pos[base + child];
        sc[base + i] = sc[base + child];
        i = child;
      }
      pos[base + i] = position;
      sc[base + i] = score;
    }
  }

  /** Whether (s1, p1) ranks below (s2, p2): a lower score, or the same score later. */
  private static boolean worse(float s1, int p1, float s2, int p2) {
    return s1 < s2 || (s1 == s2 && p1 > p2);
  }

  /** The tallies of {@code layer} as a table, each slot's contexts sorted best first. */
  LayerTable table(int layer) {
    int[] c = counts[layer];
    long entries = LayerTable.entries(c, topK);
    int[] positions = new int[(int) entries];
    float[] scores = new float[(int) entries];
    float[] sumsOut = new float[slots];
    int at = 0;
    int[] pos = heapPos[layer];
    float[] sc = heapScore[layer];
    for (int s = 0; s < slots; s++) {
      sumsOut[s] = (float) sums[layer][s];
      int n = Math.min(c[s], topK);
      int base = s * topK;
      for (int j = 0; j < n; j++) { // insertion sort, best first (n <= K)
        int p = pos[base + j];
        float v = sc[base + j];
        int i = at + j;
        while (i > at && worse(scores[i - 1], positions[i - 1], v, p)) {
          positions[i] = positions[i - 1];
          scores[i] = scores[i - 1];
          i--;
        }
        positions[i] = p;
        scores[i] = v;
      }
      at += n;
    }
    return new LayerTable(c, sumsOut, max[layer], positions, scores, topK);
  }
}
