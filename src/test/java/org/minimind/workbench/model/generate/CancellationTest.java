package org.minimind.workbench.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.MemoryLM;

/** Cancelling a running generation on a real model stops it at once. */
class CancellationTest {
  static final GenerationSettings ENDLESS =
      GenerationSettings.defaults()
          .withMaxNewTokens(1_000_000)
          .withEosId(-1)
          .withContextPolicy(ContextPolicy.SLIDE);

  @Test
  void cancelFromAnotherThreadStopsWithinOneToken() throws Exception {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      CountDownLatch started = new CountDownLatch(5);
      AtomicLong cancelledAt = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger afterCancel = new AtomicInteger();
      GenerationListener listener =
          token -> {
            if (System.nanoTime() > cancelledAt.get()) {
              afterCancel.incrementAndGet();
            }
            started.countDown();
          };
      GenerationHandle h = new Generator(model).start(new int[] {1, 40, 41}, ENDLESS, listener);
      assertTrue(started.await(30, TimeUnit.SECONDS));
      Thread.sleep(3); // somewhere inside a later step
      cancelledAt.set(System.nanoTime());
      h.cancel();
      GenerationResult r = h.result().get(10, TimeUnit.SECONDS);
      double stopSeconds = (System.nanoTime() - cancelledAt.get()) / 1e9;
      assertEquals(StopReason.CANCELLED, r.stopReason());
      assertTrue(afterCancel.get() <= 1, afterCancel.get() + " tokens reported after cancel()");
      // One step of this model takes a few milliseconds; a second is a generous bound.
      assertTrue(stopSeconds < 1.0, "stopped " + stopSeconds + " s after cancel()");
      assertTrue(r.generatedTokens() >= 5);
    }
  }

  @Test
  void aFlagSetByTheListenerStopsAfterThatToken() {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      AtomicBoolean cancel = new AtomicBoolean();
      GenerationListener listener =
          token -> {
            if (token.index() == 6) {
              cancel.set(true);
            }
          };
      GenerationResult r =
          new Generator(model).generate(new int[] {1, 40, 41}, ENDLESS, listener, cancel);
      assertEquals(StopReason.CANCELLED, r.stopReason());
      assertEquals(7, r.generatedTokens());
    }
  }

  @Test
  void cancellingBeforeTheFirstTokenGeneratesNothing() {
    try (MemoryLM model = GenerationFixtures.model("seed-tiny")) {
      GenerationResult r =
          new Generator(model)
              .generate(new int[] {1}, ENDLESS, GenerationListener.NONE, new AtomicBoolean(true));
      assertEquals(StopReason.CANCELLED, r.stopReason());
      assertEquals(0, r.generatedTokens());
      assertEquals("", r.text());
      assertTrue(Double.isNaN(r.timeToFirstTokenSeconds()));
    }
  }
}
