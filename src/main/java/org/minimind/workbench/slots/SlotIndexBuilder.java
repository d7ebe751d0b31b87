package org.minimind.workbench.slots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.InferenceOutput;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link SlotIndex}: one inference pass of a model over a token stream, cut into chunks of
 * {@code chunkLength} tokens (each read from position 0, as training reads its sequences) and run
 * {@code batch} chunks per engine call through {@link MemoryLM#infer}, which returns every layer's
 * selected slots and scores at once. Every selection is tallied in {@link SlotTally}.
 *
 * <p>Progress goes to a listener after each batch; {@link #cancel()} (from any thread) stops the
 * pass before the next batch, and {@link #build} then throws {@link CancellationException}.
 *
 * <p>Shapes: L layers, B chunks, T chunk length, k num_selected.
 */
public final class SlotIndexBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(SlotIndexBuilder.class);

  /** Hears how far a pass is, after each batch (on the building thread). */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void onProgress(long tokensDone, long tokensTotal);
  }

  private final IndexSettings settings;
  private final Progress progress;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public SlotIndexBuilder(IndexSettings settings, Progress progress) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progress = progress == null ? Progress.NONE : progress;
  }

  /** Asks the pass to stop before its next batch. */
  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /** The chunk length a pass of {@code config} uses: the setting, or max_seq_len. */
  public int chunkLength(ModelConfig config) {
    int chunk = settings.chunkLength() == 0 ? config.maxSeqLen() : settings.chunkLength();
    if (chunk > config.maxSeqLen()) {
      throw new IllegalArgumentException(
          "chunk length ("
              + chunk
              + ") must be at most the model's max_seq_len ("
              + config.maxSeqLen()
              + ")");
    }
    return chunk;
  }

  /**
   * Indexes the first {@code settings.maxTokens()} tokens of {@code corpus} with {@code model}.
   *
   * @throws CancellationException when {@link #cancel()} stopped it
   * @throws IllegalArgumentException for ids outside the model's vocabulary
   */
  public SlotIndex build(MemoryLM model, IndexCorpus corpus, IndexedCheckpoint checkpoint) {
    ModelConfig config = model.config();
    int chunk = chunkLength(config);
    int n = (int) Math.min(corpus.tokens().length, settings.maxTokens());
    int[] tokens = Arrays.copyOf(corpus.tokens(), n);
    for (int i = 0; i < n; i++) {
      if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
        throw new IllegalArgumentException(
            "token "
                + tokens[i]
                + " at position "
                + i
                + " is outside the model's vocabulary ("
                + config.vocabSize()
                + ")");
      }
    }
    SlotTally tally = new SlotTally(config.nLayers(), config.knowledgeNum(), settings.topK());
    int full = n / chunk;
    long t0 = System.nanoTime();
    for (int c = 0; c < full; c += settings.batch()) {
      checkCancelled();
      int b = Math.min(settings.batch(), full - c);
      run(model, tokens, c * chunk, b, chunk, tally);
      progress.onProgress((long) (c + b) * chunk, n);
    }
    if (n % chunk != 0) {
      checkCancelled();
      run(model, tokens, full * chunk, 1, n % chunk, tally);
      progress.onProgress(n, n);
    }
    LOG.debug(
        "indexed {} tokens in {} s",
        n,
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
    IndexHeader header =
        new IndexHeader(
            config.nLayers(),
            config.knowledgeNum(),
            config.numSelected(),
            settings.topK(),
            chunk,
            n,
            checkpoint.path(),
            checkpoint.step(),
            checkpoint.fingerprint(),
            corpus.name());
    List<LayerTable> tables = new ArrayList<>(config.nLayers());
    for (int l = 0; l < config.nLayers(); l++) {
      tables.add(tally.table(l));
    }
    int[] starts = Arrays.stream(corpus.documentStarts()).filter(s -> s < n).toArray();
    return new SlotIndex(header, tokens, starts, tables);
  }

  private void checkCancelled() {
    if (cancelled.get()) {
      throw new CancellationException("slot indexing cancelled");
    }
  }

  /** One engine call on {@code b} chunks of {@code len} tokens from {@code start}; tallies it. */
  private static void run(
      MemoryLM model, int[] tokens, int start, int b, int len, SlotTally tally) {
    int[] indices;
    float[] scores;
    int layers = model.config().nLayers();
    int k = model.config().numSelected();
    try (NDManager pass = model.parameters().manager().newSubManager()) {
      BoundParameters p = model.bind(pass, false);
      long[] ids = new long[b * len];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = tokens[start + i];
      }
      NDArray input = pass.create(ids, new Shape(b, len)); // (B, T)
      InferenceOutput out = model.infer(p, input, 0, null, 1);
      indices = out.memoryIndices().toType(DataType.INT32, false).toIntArray(); // (L, B, T, k)
      scores = out.memoryScores().toType(DataType.FLOAT32, false).toFloatArray(); // (L, B, T, k)
    }
    int positions = b * len;
    for (int l = 0; l < layers; l++) {
      int base = l * positions * k;
      for (int i = 0; i < positions; i++) {
        int at = base + i * k;
        for (int j = 0; j < k; j++) {
          tally.add(l, indices[at + j], start + i, scores[at + j]);
        }
      }
    }
  }
}
