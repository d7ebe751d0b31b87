package org.minimind.workbench.app.heatmap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.LayerTrace;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;

/**
 * Runs one forward pass on a prompt and records which memory slots every layer selected for every
 * token ({@link LayerTrace#memoryIndices()}, {@link LayerTrace#memoryScores()}) and the counts per
 * slot ({@code SlotUsage.countsOnHost()}). Background threads only; every array lives in a per-pass
 * manager closed before returning.
 *
 * <p>Without a tokenizer (the parity fixtures have none) the prompt is read as token ids separated
 * by spaces or commas.
 */
public final class PromptAnalysis {
  private PromptAnalysis() {}

  /** Tokenizes {@code prompt} for {@code model} and traces it. */
  public static PromptTrace run(LoadedModel model, String prompt) throws Exception {
    int[] ids = tokenize(model.tokenizer(), prompt, model.config().vocabSize());
    if (ids.length == 0) {
      throw new IllegalArgumentException("the prompt is empty");
    }
    return model.use(m -> trace(m, model.tokenizer(), prompt, ids));
  }

  /** The ids of {@code prompt}: tokenized, or parsed when there is no tokenizer. */
  public static int[] tokenize(BpeTokenizer tokenizer, String prompt, int vocabSize) {
    if (tokenizer != null) {
      return tokenizer.encode(prompt);
    }
    String trimmed = prompt.trim();
    if (trimmed.isEmpty()) {
      return new int[0];
    }
    String[] parts = trimmed.split("[\\s,]+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "this checkpoint has no tokenizer.json: type token ids separated by spaces (got '"
                + parts[i] + "')");
      }
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new IllegalArgumentException(
            "token id " + ids[i] + " is outside the vocabulary (0.." + (vocabSize - 1) + ")");
      }
    }
    return ids;
  }

  /** A token as text ({@link BpeTokenizer#piece}), or {@code #id} without a tokenizer. */
  public static String piece(BpeTokenizer tokenizer, int id) {
    if (tokenizer == null) {
      return "#" + id;
    }
    return tokenizer.piece(id);
  }

  private static PromptTrace trace(MemoryLM m, BpeTokenizer tokenizer, String prompt, int[] all) {
    ModelConfig cfg = m.config();
    boolean truncated = all.length > cfg.maxSeqLen();
    int t = Math.min(all.length, cfg.maxSeqLen());
    int[] ids = java.util.Arrays.copyOf(all, t);
    long[] longIds = new long[t];
    String[] pieces = new String[t];
    for (int i = 0; i < t; i++) {
      longIds[i] = ids[i];
      pieces[i] = piece(tokenizer, ids[i]);
    }
    int k = cfg.numSelected();
    List<PromptTrace.Layer> layers = new ArrayList<>();
    try (NDManager scope = m.parameters().manager().newSubManager()) {
      NDArray input = scope.create(longIds, new Shape(1, t)); // (1, T)
      ForwardOutput out =
          m.forward(m.bind(scope, false), input, ForwardOptions.evaluation());
      int[][] counts = out.usage().countsOnHost();
      for (LayerTrace layer : out.layers()) {
        long[] idx = layer.memoryIndices().toLongArray(); // (1, T, k)
        float[] sc = layer.memoryScores().toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
            .toFloatArray(); // (1, T, k)
        int[][] slots = new int[t][k];
        float[][] scores = new float[t][k];
        for (int i = 0; i < t; i++) {
          for (int j = 0; j < k; j++) {
            slots[i][j] = (int) idx[i * k + j];
            scores[i][j] = sc[i * k + j];
          }
        }
        layers.add(new PromptTrace.Layer(slots, scores, counts[layers.size()]));
      }
    }
    return new PromptTrace(prompt, ids, pieces, layers, truncated);
  }
}
