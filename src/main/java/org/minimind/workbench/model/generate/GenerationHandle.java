package org.minimind.workbench.model.generate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A generation running on its own thread ({@link Generator#start}). {@link #cancel} may be called
 * from any thread; the generator checks it before each forward pass and again before reporting a
 * token, so at most the token being computed when it is called is lost, and no further one is
 * reported. The result then has {@link StopReason#CANCELLED}.
 */
public final class GenerationHandle {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

  GenerationHandle() {}

  /** Asks the generation to stop; returns at once. */
  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelRequested() {
    return cancelled.get();
  }

  /** Completes with the result, or exceptionally with what made the generation fail. */
  public CompletableFuture<GenerationResult> result() {
    return result;
  }

  AtomicBoolean flag() {
    return cancelled;
  }

  CompletableFuture<GenerationResult> future() {
    return result;
  }
}
