package org.minimind.workbench.model;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CUDA graph: the kernels that a sequence of engine calls launches, recorded once and replayed
 * with one launch. Generating a token is about a thousand small kernels whose launches, from
 * TorchScript's interpreter, take longer than the kernels themselves; replayed, they cost one.
 *
 * <p>libtorch has the class ({@code at::cuda::CUDAGraph}) but DJL's engine does not expose it:
 * {@code src/main/cpp/cuda_graph_jni.cpp}, compiled by {@code install-torch-jni.sh} with the JNI
 * for a CUDA torch, does. The settings file that script writes names the library ({@code
 * minimind.cudaGraphLibrary}); without it, or with {@code -Dminimind.cudaGraphs=false}, {@link
 * #available} is false and generation runs as before.
 *
 * <p>Recording: {@link #beginCapture} moves the calling thread to a side stream (a capture cannot
 * run on the default stream) and starts recording; engine calls made on that thread are recorded,
 * not run; {@link #endCapture} stops and moves the thread back. Inputs and outputs must then keep
 * their addresses: a replay reads and writes the same memory.
 */
final class CudaGraph implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CudaGraph.class);
  static final String LIBRARY = "minimind.cudaGraphLibrary";
  static final String SWITCH = "minimind.cudaGraphs";

  private long handle;

  private CudaGraph(long handle) {
    this.handle = handle;
  }

  private static final class Library {
    static final boolean LOADED = load();

    private static boolean load() {
      if ("false".equals(System.getProperty(SWITCH))) {
        return false;
      }
      String path = System.getProperty(LIBRARY);
      if (path == null || path.isBlank()) {
        return false;
      }
      if (!Files.isRegularFile(Path.of(path))) {
        LOG.warn("{} ({}) does not exist: generation runs without CUDA graphs", LIBRARY, path);
        return false;
      }
      try {
        System.load(path);
        return true;
      } catch (UnsatisfiedLinkError e) {
        LOG.warn("cannot load {}: {}; generation runs without CUDA graphs", path, e.getMessage());
        return false;
      }
    }
  }

  /** Whether graphs can be recorded in this process (the library is installed and loads). */
  static boolean available() {
    return Library.LOADED;
  }

  /** An empty graph; {@link #available} must be true. */
  static CudaGraph create() {
    if (!available()) {
      throw new IllegalStateException("CUDA graphs are not available in this process");
    }
    return new CudaGraph(nCreate());
  }

  /**
   * Moves this thread to a side stream that waits for the current one (for warm-up and capture).
   */
  void useSideStream() {
    nUseSideStream(live());
  }

  /** Starts recording this thread's launches (after {@link #useSideStream}). */
  void beginCapture() {
    nCaptureBegin(live());
  }

  /** Stops recording and moves this thread back to its stream, which waits for the side stream. */
  void endCapture() {
    nCaptureEnd(live());
  }

  /** Launches the recorded kernels on this thread's current stream. */
  void replay() {
    nReplay(live());
  }

  private long live() {
    if (handle == 0) {
      throw new IllegalStateException("the CUDA graph is closed");
    }
    return handle;
  }

  @Override
  public void close() {
    if (handle != 0) {
      nDestroy(handle);
      handle = 0;
    }
  }

  private static native long nCreate();

  private static native void nUseSideStream(long handle);

  private static native void nCaptureBegin(long handle);

  private static native void nCaptureEnd(long handle);

  private static native void nReplay(long handle);

  private static native void nDestroy(long handle);
}
