package org.minimind.workbench.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.GraphDecoder;
import org.minimind.workbench.model.InferenceOutput;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.KvCache;
import org.minimind.workbench.model.MemoryLM;

/**
 * Runs the model for one generation step and brings back to the host what sampling and the trace
 * need: the last position's logits and the memory slots read.
 *
 * <p>With a cache, only the positions not yet cached are run (the whole window once, then one per
 * token); when the window moves (a slide), the cache is cleared and the new window is run from
 * position 0. Without a cache, the whole window is run every time, as the seed does. Each step
 * works in its own manager, closed before returning, so nothing accumulates between tokens; the
 * parameter views and the cache's buffers live in this stepper's manager, closed with it.
 *
 * <p>Shapes: T positions run in this step, V vocab, L layers, k num_selected.
 */
final class ModelStepper implements Stepper {
  private final MemoryLM model;
  private final NDManager session;
  private final BoundParameters parameters;
  private final KvCache cache;
  private final Intervention intervention;
  private final GraphDecoder decoder; // one token per step through a CUDA graph, or null
  private int cachedWindow = -1; // absolute index of the token at the cache's position 0
  private int cachedEnd; // absolute index of the first token not yet in the cache

  ModelStepper(MemoryLM model, boolean useCache, Intervention intervention) {
    this.model = model;
    this.intervention = intervention;
    this.session = model.parameters().manager().newSubManager();
    this.parameters = model.bind(session, false);
    this.cache =
        useCache ? new KvCache(session, model.config(), 1, model.config().maxSeqLen()) : null;
    // the graph runs the plain model: an intervention takes the model's own pass
    this.decoder =
        cache == null || !intervention.isEmpty()
            ? null
            : model.decoder(parameters, cache, false).orElse(null);
  }

  @Override
  public Output run(int[] sequence, int windowStart, int end, boolean allTraces) {
    int from;
    int startPos;
    if (cache != null) {
      if (windowStart != cachedWindow) {
        cache.clear();
        cachedWindow = windowStart;
        cachedEnd = windowStart;
      }
      from = cachedEnd;
      startPos = from - windowStart;
    } else {
      from = windowStart;
      startPos = 0;
    }
    int t = end - from;
    if (t <= 0) {
      throw new IllegalStateException("nothing to run: positions " + from + ".." + end);
    }
    long[] ids = new long[t];
    for (int i = 0; i < t; i++) {
      ids[i] = sequence[from + i];
    }
    Output out;
    try (NDManager step = session.newSubManager()) {
      // The views are bound once per generation; lending them to the step's manager makes every
      // array the pass derives from them (ops attach results to their first operand's manager)
      // close with the step. They return to the session when the step closes.
      for (NDArray view : parameters.all().values()) {
        view.tempAttach(step);
      }
      InferenceOutput pass;
      if (decoder != null && t == 1) {
        pass = decoder.step(step, ids[0]);
      } else {
        NDArray input = step.create(ids, new Shape(1, t)); // (1, T)
        pass = model.infer(parameters, input, startPos, cache, 1, intervention);
      }
      float[] lastLogits = pass.logits().toFloatArray(); // (1, 1, V)
      int first = allTraces ? from : end - 1;
      out = new Output(lastLogits, traces(pass, first, from));
    }
    if (cache != null) {
      cachedEnd = end;
    }
    return out;
  }

  /**
   * Slots and scores of positions {@code first..} (absolute) of a pass that began at {@code from}.
   */
  private static List<MemoryTrace> traces(InferenceOutput pass, int first, int from) {
    int skip = first - from;
    NDArray idx = pass.memoryIndices(); // (L, 1, T, k)
    NDArray sc = pass.memoryScores(); // (L, 1, T, k)
    if (skip > 0) {
      idx = idx.get(new NDIndex(":, :, {}:", skip)); // (L, 1, rows, k)
      sc = sc.get(new NDIndex(":, :, {}:", skip));
    }
    return MemoryTrace.of(idx, sc, first);
  }

  @Override
  public void close() {
    if (decoder != null) {
      decoder.close();
    }
    if (cache != null) {
      cache.close();
    }
    session.close();
  }
}
