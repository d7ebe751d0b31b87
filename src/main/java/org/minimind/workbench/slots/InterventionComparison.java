package org.minimind.workbench.slots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.generate.GeneratedToken;
import org.minimind.workbench.model.generate.GenerationListener;
import org.minimind.workbench.model.generate.GenerationResult;
import org.minimind.workbench.model.generate.GenerationSettings;
import org.minimind.workbench.model.generate.Generator;

/**
 * The same generation twice, from the same prompt with the same sampling seed: once with the model
 * as it is, once under an {@link Intervention}; where the texts part, and how the intervention
 * changed the probability of each token of the intervened text.
 *
 * <p>The probabilities are teacher-forced: the prompt followed by the intervened text is run
 * through the model with and without the intervention, and each generated token's probability is
 * read from the model's softmax at the position before it (no temperature or filtering), so both
 * numbers refer to the same context and every token's change is defined, also after the texts have
 * parted. Tokens at positions beyond {@code max_seq_len} (a sliding window) get none.
 */
public final class InterventionComparison {
  private InterventionComparison() {}

  /**
   * One token of the intervened text.
   *
   * @param index 0 for the first generated token
   * @param id the token
   * @param piece its text (empty without a tokenizer or inside a character)
   * @param baseline its probability without the intervention
   * @param intervened its probability with it
   */
  public record TokenChange(int index, int id, String piece, double baseline, double intervened) {
    /** intervened - baseline. */
    public double delta() {
      return intervened - baseline;
    }
  }

  /**
   * @param intervention what was changed
   * @param baseline the generation without it
   * @param intervened the generation with it
   * @param baselinePieces each baseline token's text
   * @param intervenedPieces each intervened token's text
   * @param firstDifference index of the first generated token where the two differ (one may end
   *     first: then the shorter one's length); -1 when they are the same
   * @param changes the intervened text's tokens, each with both probabilities
   */
  public record Result(
      Intervention intervention,
      GenerationResult baseline,
      GenerationResult intervened,
      List<String> baselinePieces,
      List<String> intervenedPieces,
      int firstDifference,
      List<TokenChange> changes) {
    public Result {
      baselinePieces = List.copyOf(baselinePieces);
      intervenedPieces = List.copyOf(intervenedPieces);
      changes = List.copyOf(changes);
    }
  }

  /** Encodes {@code prompt} as {@link Generator#encode} does, then compares (see below). */
  public static Result compare(
      MemoryLM model,
      BpeTokenizer tokenizer,
      String prompt,
      GenerationSettings settings,
      Intervention intervention) {
    int[] ids = new Generator(model, tokenizer).encode(prompt, settings.prependBos());
    return compare(model, tokenizer, ids, settings, intervention);
  }

  /**
   * Generates after {@code promptIds} with {@code settings} (its own intervention ignored) without
   * and with {@code intervention}, and compares.
   *
   * @param tokenizer decodes the pieces; may be null (pieces are then empty)
   */
  public static Result compare(
      MemoryLM model,
      BpeTokenizer tokenizer,
      int[] promptIds,
      GenerationSettings settings,
      Intervention intervention) {
    return compare(model, tokenizer, promptIds, settings, intervention, new AtomicBoolean());
  }

  /**
   * As {@link #compare(MemoryLM, BpeTokenizer, int[], GenerationSettings, Intervention)}, stopping
   * when {@code cancel} becomes true (checked before each token of either generation).
   *
   * @throws CancellationException when cancelled: half a comparison would show a false parting
   */
  public static Result compare(
      MemoryLM model,
      BpeTokenizer tokenizer,
      int[] promptIds,
      GenerationSettings settings,
      Intervention intervention,
      AtomicBoolean cancel) {
    intervention.validateFor(model.config());
    Generator generator = new Generator(model, tokenizer);
    List<String> basePieces = new ArrayList<>();
    List<String> ivPieces = new ArrayList<>();
    GenerationResult base =
        generator.generate(
            promptIds,
            settings.withIntervention(Intervention.none()),
            collector(basePieces),
            cancel);
    checkNotCancelled(cancel);
    GenerationResult iv =
        generator.generate(
            promptIds, settings.withIntervention(intervention), collector(ivPieces), cancel);
    checkNotCancelled(cancel);
    int first = firstDifference(base.ids(), iv.ids());
    double[][] probs = teacherForced(model, iv.promptIds(), iv.ids(), intervention);
    List<TokenChange> changes = new ArrayList<>();
    for (int i = 0; i < probs[0].length; i++) {
      changes.add(new TokenChange(i, iv.ids()[i], ivPieces.get(i), probs[0][i], probs[1][i]));
    }
    return new Result(intervention, base, iv, basePieces, ivPieces, first, changes);
  }

  private static void checkNotCancelled(AtomicBoolean cancel) {
    if (cancel.get()) {
      throw new CancellationException("comparison stopped");
    }
  }

  private static GenerationListener collector(List<String> pieces) {
    return (GeneratedToken token) -> pieces.add(token.piece());
  }

  /** The first index where {@code a} and {@code b} differ, or -1 when equal. */
  static int firstDifference(int[] a, int[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return a.length == b.length ? -1 : n;
  }

  /**
   * The model's probability of each of {@code generated} after {@code prompt} and the tokens before
   * it: [0] without, [1] with {@code intervention}; only for tokens within max_seq_len.
   */
  static double[][] teacherForced(
      MemoryLM model, int[] prompt, int[] generated, Intervention intervention) {
    int total = Math.min(prompt.length + generated.length, model.config().maxSeqLen());
    int n = Math.max(0, total - prompt.length);
    double[][] out = new double[2][n];
    if (n == 0) {
      return out;
    }
    long[] ids = new long[total];
    for (int i = 0; i < total; i++) {
      ids[i] = i < prompt.length ? prompt[i] : generated[i - prompt.length];
    }
    long[] targets = new long[n];
    for (int i = 0; i < n; i++) {
      targets[i] = generated[i];
    }
    List<Intervention> runs = List.of(Intervention.none(), intervention);
    for (int r = 0; r < 2; r++) {
      try (NDManager scope = model.parameters().manager().newSubManager()) {
        NDArray input = scope.create(ids, new Shape(1, total)); // (1, T)
        NDArray logits =
            model
                .forward(
                    model.bind(scope, false),
                    input,
                    ForwardOptions.evaluation().withoutUsage().withIntervention(runs.get(r)))
                .logits(); // (1, T, V)
        NDArray predicting =
            logits.get(new NDIndex("0, {}:{}", prompt.length - 1, total - 1)); // (n, V)
        NDArray probs = predicting.softmax(-1); // (n, V)
        NDArray picked = probs.gather(scope.create(targets, new Shape(n, 1)), 1); // (n, 1)
        float[] p = picked.toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < n; i++) {
          out[r][i] = p[i];
        }
      }
    }
    return out;
  }
}
