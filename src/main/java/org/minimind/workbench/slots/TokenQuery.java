package org.minimind.workbench.slots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.minimind.workbench.model.InferenceOutput;
import org.minimind.workbench.model.MemoryLM;

/**
 * The reverse question of a slot page: for a token (or a word's ids), which slots each layer
 * selects most when reading it. Finds the ids' occurrences in a {@link SlotIndex}'s token stream,
 * runs the model on the chunks holding the first {@code maxOccurrences} of them (a chunk's output
 * at a position is its prefix's, the model being causal) and counts, per layer, the slots selected
 * at each occurrence's last token.
 *
 * <p>Shapes: L layers, B chunks, T chunk length, k num_selected.
 */
public final class TokenQuery {
  /** Occurrences run unless told otherwise. */
  public static final int DEFAULT_OCCURRENCES = 256;

  /** A slot selected for the query: how often, and its summed gate score. */
  public record SlotHits(int slot, int count, double scoreSum) {}

  /**
   * @param ids the ids looked for, in order
   * @param found their occurrences in the indexed stream
   * @param used the occurrences run (the first ones, at most the bound)
   * @param layers per layer, the slots selected most at the occurrences' last token, most first
   */
  public record Result(int[] ids, int found, int used, List<List<SlotHits>> layers) {}

  private TokenQuery() {}

  /**
   * @param model the model the index was built from (its memory shape is checked)
   * @param ids the token ids to look for (a word's ids, in order), at least one
   * @param maxOccurrences occurrences to run at most, at least 1
   * @param topSlots slots listed per layer
   */
  public static Result run(
      MemoryLM model, SlotIndex index, int[] ids, int maxOccurrences, int topSlots, int batch) {
    IndexHeader h = index.header();
    if (model.config().nLayers() != h.layers()
        || model.config().knowledgeNum() != h.knowledgeNum()) {
      throw new IllegalArgumentException(
          "the model ("
              + model.config().nLayers()
              + " layers x "
              + model.config().knowledgeNum()
              + " slots) is not the index's ("
              + h.layers()
              + " x "
              + h.knowledgeNum()
              + ")");
    }
    if (ids.length == 0) {
      throw new IllegalArgumentException("no token ids to look for");
    }
    if (maxOccurrences < 1 || topSlots < 1 || batch < 1) {
      throw new IllegalArgumentException(
          "occurrences ("
              + maxOccurrences
              + "), slots ("
              + topSlots
              + ") and batch ("
              + batch
              + ") must each be at least 1");
    }
    int[] tokens = index.rawTokens();
    List<Integer> ends = new ArrayList<>();
    int found = 0;
    for (int p = ids.length - 1; p < tokens.length; p++) {
      if (matches(tokens, p - ids.length + 1, ids)) {
        found++;
        if (ends.size() < maxOccurrences) {
          ends.add(p);
        }
      }
    }
    // chunk start -> the occurrence ends in it
    TreeMap<Integer, List<Integer>> chunks = new TreeMap<>();
    for (int p : ends) {
      chunks.computeIfAbsent(index.chunkStart(p), s -> new ArrayList<>()).add(p);
    }
    int layers = h.layers();
    int[][] counts = new int[layers][h.knowledgeNum()];
    double[][] sums = new double[layers][h.knowledgeNum()];
    List<Integer> starts = new ArrayList<>(chunks.keySet());
    for (int i = 0; i < starts.size(); ) {
      int len = Math.min(h.chunkLength(), tokens.length - starts.get(i));
      int b = 1;
      while (b < batch
          && i + b < starts.size()
          && Math.min(h.chunkLength(), tokens.length - starts.get(i + b)) == len) {
        b++;
      }
      List<Integer> group = starts.subList(i, i + b);
      tally(model, tokens, group, len, chunks, counts, sums);
      i += b;
    }
    List<List<SlotHits>> out = new ArrayList<>(layers);
    for (int l = 0; l < layers; l++) {
      out.add(top(counts[l], sums[l], topSlots));
    }
    return new Result(ids.clone(), found, ends.size(), List.copyOf(out));
  }

  private static boolean matches(int[] tokens, int from, int[] ids) {
    for (int j = 0; j < ids.length; j++) {
      if (tokens[from + j] != ids[j]) {
        return false;
      }
    }
    return true;
  }

  /** Runs the chunks starting at {@code group} ({@code len} tokens each) and counts their hits. */
  private static void tally(
      MemoryLM model,
      int[] tokens,
      List<Integer> group,
      int len,
      TreeMap<Integer, List<Integer>> chunks,
      int[][] counts,
      double[][] sums) {
    int b = group.size();
    int k = model.config().numSelected();
    int[] indices;
    float[] scores;
    try (NDManager pass = model.parameters().manager().newSubManager()) {
      long[] ids = new long[b * len];
      for (int c = 0; c < b; c++) {
        for (int t = 0; t < len; t++) {
          ids[c * len + t] = tokens[group.get(c) + t];
        }
      }
      NDArray input = pass.create(ids, new Shape(b, len)); // (B, T)
      InferenceOutput out = model.infer(model.bind(pass, false), input, 0, null, 1);
      indices = out.memoryIndices().toType(DataType.INT32, false).toIntArray(); // (L, B, T, k)
      scores = out.memoryScores().toType(DataType.FLOAT32, false).toFloatArray(); // (L, B, T, k)
    }
    for (int l = 0; l < counts.length; l++) {
      for (int c = 0; c < b; c++) {
        for (int p : chunks.get(group.get(c))) {
          int at = ((l * b + c) * len + (p - group.get(c))) * k;
          for (int j = 0; j < k; j++) {
            counts[l][indices[at + j]]++;
            sums[l][indices[at + j]] += scores[at + j];
          }
        }
      }
    }
  }

  private static List<SlotHits> top(int[] counts, double[] sums, int n) {
    Integer[] order = new Integer[counts.length];
    int m = 0;
    for (int s = 0; s < counts.length; s++) {
      if (counts[s] > 0) {
        order[m++] = s;
      }
    }
    Integer[] hit = Arrays.copyOf(order, m);
    Arrays.sort(
        hit,
        (a, b) ->
            counts[a] != counts[b]
                ? Integer.compare(counts[b], counts[a])
                : Double.compare(sums[b], sums[a]) != 0
                    ? Double.compare(sums[b], sums[a])
                    : Integer.compare(a, b));
    List<SlotHits> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, m); i++) {
      out.add(new SlotHits(hit[i], counts[hit[i]], sums[hit[i]]));
    }
    return List.copyOf(out);
  }
}
