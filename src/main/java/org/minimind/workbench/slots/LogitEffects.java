package org.minimind.workbench.slots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;

/**
 * What one memory slot does to the next-token distribution, measured causally: each context (a
 * token-id prefix ending at a position that selected the slot) is run with the model as it is and
 * with the slot removed from that layer's gate ({@link Intervention.Mode#REMOVE}, at every position
 * of the prefix), and the next-token probabilities at the context's last position are compared.
 * Averaged over contexts, the tokens the slot makes more likely rise, those it makes less likely
 * fall.
 *
 * <p>The contexts run as one batch, right-padded: attention is causal, so the padding after a row's
 * last token changes nothing at or before it, and each row is read at its own last index.
 *
 * <p>Shapes: B contexts, T the longest context, V vocab, k num_selected.
 */
public final class LogitEffects {
  private LogitEffects() {}

  /**
   * One vocabulary token's change.
   *
   * @param id the token
   * @param meanDelta mean over contexts of p(with the slot) - p(slot removed): positive when the
   *     slot makes the token more likely
   * @param baselineMean mean over contexts of p(with the slot), the model as it is
   */
  public record TokenEffect(int id, double meanDelta, double baselineMean) {}

  /**
   * @param layer the slot's layer
   * @param slot the slot
   * @param contexts contexts measured
   * @param selecting how many of them selected the slot at their last position (with the model as
   *     it is); the others measure an indirect effect only
   * @param rises the tokens with the largest positive mean delta, largest first
   * @param falls the tokens with the most negative mean delta, most negative first
   */
  public record Result(
      int layer,
      int slot,
      int contexts,
      int selecting,
      List<TokenEffect> rises,
      List<TokenEffect> falls) {
    public Result {
      rises = List.copyOf(rises);
      falls = List.copyOf(falls);
    }
  }

  /**
   * Measures slot {@code slot} of layer {@code layer} on {@code contexts}.
   *
   * @param contexts token-id prefixes, each non-empty, ids within the vocabulary
   * @param topN how many rising and falling tokens to return
   */
  public static Result measure(
      MemoryLM model, List<int[]> contexts, int layer, int slot, int topN) {
    if (contexts.isEmpty()) {
      throw new IllegalArgumentException("no contexts to measure on");
    }
    if (topN < 1) {
      throw new IllegalArgumentException("topN (" + topN + ") must be >= 1");
    }
    SortedMap<Integer, SortedSet<Integer>> removed = new TreeMap<>();
    removed.put(layer, new TreeSet<>(List.of(slot)));
    Intervention remove =
        new Intervention(removed, Intervention.Mode.REMOVE, new TreeSet<>(), new TreeMap<>());
    remove.validateFor(model.config());
    int b = contexts.size();
    int t = contexts.stream().mapToInt(c -> c.length).max().orElseThrow();
    int vocab = model.config().vocabSize();
    long[] ids = new long[b * t]; // right-padded with id 0
    int[] last = new int[b];
    for (int r = 0; r < b; r++) {
      int[] c = contexts.get(r);
      if (c.length == 0) {
        throw new IllegalArgumentException("context " + r + " is empty");
      }
      for (int i = 0; i < c.length; i++) {
        if (c[i] < 0 || c[i] >= vocab) {
          throw new IllegalArgumentException(
              "context "
                  + r
                  + ": id "
                  + c[i]
                  + " at "
                  + i
                  + " is outside the vocabulary [0, "
                  + vocab
                  + ")");
        }
        ids[r * t + i] = c[i];
      }
      last[r] = c.length - 1;
    }
    float[] delta;
    float[] baseline;
    int selecting = 0;
    try (NDManager scope = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(scope, false);
      NDArray input = scope.create(ids, new Shape(b, t)); // (B, T)
      ForwardOptions plain = ForwardOptions.evaluation().withoutUsage();
      ForwardOutput base = model.forwardAt(p, input, last, plain);
      NDArray baseProbs = base.logits().squeeze(1).softmax(-1); // (B, V)
      long[] chosen = base.layers().get(layer).memoryIndices().toLongArray(); // (B, T, k)
      int k = model.config().numSelected();
      for (int r = 0; r < b; r++) {
        int from = (r * t + last[r]) * k;
        for (int j = from; j < from + k; j++) {
          if (chosen[j] == slot) {
            selecting++;
            break;
          }
        }
      }
      NDArray ablated =
          model
              .forwardAt(p, input, last, plain.withIntervention(remove))
              .logits()
              .squeeze(1)
              .softmax(-1); // (B, V)
      delta = baseProbs.sub(ablated).mean(new int[] {0}).toFloatArray(); // (V)
      baseline = baseProbs.mean(new int[] {0}).toFloatArray(); // (V)
    }
    Integer[] order = new Integer[vocab];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -delta[i]).thenComparing(i -> i));
    int n = Math.min(topN, vocab);
    List<TokenEffect> rises = new ArrayList<>(n);
    List<TokenEffect> falls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int up = order[i];
      int down = order[vocab - 1 - i];
      if (delta[up] > 0) {
        rises.add(new TokenEffect(up, delta[up], baseline[up]));
      }
      if (delta[down] < 0) {
        falls.add(new TokenEffect(down, delta[down], baseline[down]));
      }
    }
    return new Result(layer, slot, b, selecting, rises, falls);
  }
}
