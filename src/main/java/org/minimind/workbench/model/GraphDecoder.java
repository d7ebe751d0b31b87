package org.minimind.workbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates one token at a time with a key/value cache through the kernel {@code decode_static}
 * (the same pass as {@link MemoryLM#infer} for one position, with shapes that never change) and, on
 * a CUDA device where {@link CudaGraph#available}, replays that kernel's launches as one CUDA graph
 * instead of issuing them one by one: recorded at the first token, replayed for every token after
 * it.
 *
 * <p>The graph reads the token and its position from two small device arrays and writes the logits
 * and the slots into three others: {@link #step} fills the first, replays, and returns copies of
 * the others. The parameters and the cache must stay what they were when the decoder was made (the
 * graph holds their addresses): the decoder belongs to one bound parameter set and one cache, and
 * is closed with them.
 *
 * <p>Shapes: B batch, C cache capacity, V vocab, L layers, k num_selected.
 */
public final class GraphDecoder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphDecoder.class);

  private final ModelConfig cfg;
  private final KvCache cache;
  private final NDManager manager;
  private final Kernels.DecodeBuffers io;
  private final Runnable pass;
  private final boolean useGraph;
  private CudaGraph graph;
  private boolean failed;

  GraphDecoder(
      ModelConfig cfg,
      BoundParameters p,
      List<Kernels.BlockWeights> blocks,
      RotaryEmbedding.Positions table,
      KvCache cache,
      boolean useGraph) {
    this.cfg = cfg;
    this.cache = cache;
    this.useGraph = useGraph;
    NDArray embedding = p.get(MemoryLM.EMBEDDING);
    this.manager = embedding.getManager().newSubManager(embedding.getDevice());
    List<NDArray> buffers = cache.allBuffers();
    long batch = buffers.get(0).getShape().get(0);
    long capacity = cache.capacity();
    long layers = cfg.nLayers();
    this.io =
        new Kernels.DecodeBuffers(
            manager.zeros(new Shape(batch, 1), DataType.INT64), // (B, 1)
            manager.zeros(new Shape(1), DataType.INT64), // (1)
            manager.arange(0, capacity, 1, DataType.INT64), // (C)
            manager.zeros(new Shape(batch, 1, cfg.vocabSize())), // (B, 1, V)
            manager.zeros(new Shape(layers, batch, 1, cfg.numSelected()), DataType.INT64),
            manager.zeros(new Shape(layers, batch, 1, cfg.numSelected()))); // (L, B, 1, k)
    NDArray bank = p.get(MemoryLM.MEMORY_BANK);
    NDArray finalNorm = p.get(MemoryLM.FINAL_NORM);
    List<Kernels.BlockWeights> weights = new ArrayList<>(blocks);
    this.pass =
        () ->
            Kernels.get()
                .decodeStatic(
                    io,
                    embedding,
                    bank,
                    finalNorm,
                    weights,
                    table.cos(),
                    table.sin(),
                    buffers,
                    cfg);
  }

  /**
   * Whether this process can record CUDA graphs: the library {@code install-torch-jni.sh} builds
   * for a CUDA torch is installed and loads, and {@code -Dminimind.cudaGraphs=false} is not set.
   */
  public static boolean graphsAvailable() {
    return CudaGraph.available();
  }

  /** Whether the next steps replay a recorded graph (false: the kernel runs call by call). */
  public boolean replaying() {
    return graph != null;
  }

  /**
   * Runs token {@code id} at the cache's next position.
   *
   * @param out the manager the results join
   * @return the logits (B, 1, V), the slots (L, B, 1, k) int64 and their scores (L, B, 1, k)
   */
  public InferenceOutput step(NDManager out, long id) {
    long position = cache.reserveAll(1);
    try (NDManager feed = out.newSubManager(ai.djl.Device.cpu())) {
      NDArray ids = feed.create(new long[] {id}, new Shape(1, 1)); // (B=1, 1)
      NDArray pos = feed.create(new long[] {position}, new Shape(1)); // (1)
      Kernels.get().decodeFeed(io, ids, pos);
    }
    if (graph != null) {
      graph.replay();
    } else if (useGraph && !failed) {
      record();
    } else {
      pass.run();
    }
    NDArray logits = io.logits().duplicate();
    NDArray indices = io.indices().duplicate();
    NDArray scores = io.scores().duplicate();
    logits.attach(out);
    indices.attach(out);
    scores.attach(out);
    return new InferenceOutput(logits, indices, scores);
  }

  /**
   * Warms up on a side stream, records one pass, and replays it for this step. A failure leaves the
   * decoder running the kernel call by call, which gives the same results.
   */
  private void record() {
    CudaGraph g = CudaGraph.create();
    try {
      g.useSideStream();
      pass.run(); // warm-up: libraries' lazy set-up must not happen while recording
      pass.run();
      g.beginCapture();
      pass.run(); // recorded, not run
      g.endCapture();
      g.replay();
      graph = g;
    } catch (RuntimeException e) {
      g.close();
      failed = true;
      LOG.warn("cannot record a CUDA graph ({}); generation runs without one", e.getMessage());
      pass.run();
    }
  }

  @Override
  public void close() {
    if (graph != null) {
      graph.close();
      graph = null;
    }
    manager.close();
  }
}
