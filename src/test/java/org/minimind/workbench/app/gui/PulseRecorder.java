package org.minimind.workbench.app.gui;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Records the JavaFX pulses: an {@link AnimationTimer} (which keeps the toolkit pulsing, 60 times a
 * second) notes each pulse's time. The largest gap between two pulses is how long the UI could not
 * redraw or answer input; {@link #awaitPulses} waits until the scene has been laid out and drawn a
 * few times (charts draw their canvas during a pulse, not on a snapshot).
 */
final class PulseRecorder {
  private final AtomicLong pulses = new AtomicLong();
  private final AtomicLong maxGapNanos = new AtomicLong();
  private final AnimationTimer timer =
      new AnimationTimer() {
        private long last = -1;

        @Override
        public void handle(long now) {
          if (last >= 0) {
            long gap = now - last;
            maxGapNanos.accumulateAndGet(gap, Math::max);
          }
          last = now;
          pulses.incrementAndGet();
        }

        @Override
        public void stop() {
          super.stop();
          last = -1;
        }
      };

  /** Starts recording (from any thread). */
  void start() {
    Platform.runLater(timer::start);
  }

  /** Stops recording (from any thread). */
  void stop() {
    Platform.runLater(timer::stop);
  }

  /** Forgets the gaps seen so far. */
  void resetGaps() {
    maxGapNanos.set(0);
  }

  long pulses() {
    return pulses.get();
  }

  /** The largest gap between two consecutive pulses since the last reset, in milliseconds. */
  double maxGapMillis() {
    return maxGapNanos.get() / 1e6;
  }

  /** Runs the timer until {@code n} more pulses have passed, then stops it. */
  static void awaitPulses(int n) throws TimeoutException {
    PulseRecorder r = new PulseRecorder();
    r.start();
    try {
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> r.pulses() >= n);
    } finally {
      r.stop();
    }
    WaitForAsyncUtils.waitForFxEvents();
  }
}
