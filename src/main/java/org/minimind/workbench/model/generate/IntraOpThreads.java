package org.minimind.workbench.model.generate;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Limits libtorch's intra-op threads while generating on the CPU.
 *
 * <p>A cached generation step is a few hundred tiny operations (one position, vectors of a few
 * hundred values). A second thread saves nothing there, but every parallel region ends in a
 * barrier, and when the cores are busy with other work the waiting thread loses its time slice:
 * measured on a shared 2-core machine, a step took 10 ms with one thread and 80 to 300 ms with two.
 *
 * <p>libtorch keeps the thread count per thread (OpenMP's setting) plus a process-wide default that
 * threads started later pick up. The limit is set on the generating thread; the default is put back
 * when the last concurrent generation ends. Threads already running (a training loop, say) keep
 * their own setting.
 */
final class IntraOpThreads {
  private static final Object LOCK = new Object();
  private static int active;
  private static int saved;

  private IntraOpThreads() {}

  /** Sets the calling thread's intra-op threads; {@link #restore} must follow in a finally. */
  static void limit(int threads) {
    synchronized (LOCK) {
      if (active++ == 0) {
        saved = JniUtils.getNumThreads();
      }
      JniUtils.setNumThreads(threads);
    }
  }

  /**
   * Puts back, on the calling thread and as the process default, the count that was in effect when
   * the first of the concurrent generations began.
   */
  static void restore() {
    synchronized (LOCK) {
      JniUtils.setNumThreads(saved);
      active--;
    }
  }
}
