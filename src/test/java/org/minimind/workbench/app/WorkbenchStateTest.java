package org.minimind.workbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.run.RunEvent;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.train.TrainingSummary;

class WorkbenchStateTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final WorkbenchState state = new WorkbenchState(Duration.ofMillis(500), now::get);
  private final RunHistory run = new RunHistory("live", null);

  private void step(long step) {
    state.events().offer(new RunEvent.Step(Map.of("step", (double) step, "loss", 1.0 / step)));
  }

  private long version() {
    return state.runVersionProperty().get();
  }

  @Test
  void aLiveRunAnnouncesNewDataAtMostOncePerPeriod() {
    state.showLiveRun(run);
    long shown = version();

    now.addAndGet(100 * MS);
    step(1);
    assertTrue(state.hasPending());
    assertEquals(1, state.drainEvents());
    assertEquals(1, run.rows(), "rows are recorded at once");
    assertEquals(1, state.currentStepProperty().get());
    assertEquals(shown, version(), "announced 100 ms after the last announcement");
    assertTrue(state.hasPending(), "an announcement is owed");

    now.addAndGet(300 * MS);
    step(2);
    state.drainEvents();
    assertEquals(shown, version());

    now.addAndGet(100 * MS); // 500 ms since the run was shown
    assertEquals(0, state.drainEvents());
    assertEquals(shown + 1, version(), "the owed announcement, without new events");
    assertEquals(2, run.rows());
    assertFalse(state.hasPending());

    now.addAndGet(600 * MS);
    step(3);
    state.drainEvents();
    assertEquals(shown + 2, version(), "a period after the last one: at once");
  }

  @Test
  void theEndOfARunIsAnnouncedAtOnce() {
    state.showLiveRun(run);
    long shown = version();
    now.addAndGet(10 * MS);
    step(1);
    state
        .events()
        .offer(
            new RunEvent.Finished(
                new TrainingSummary(
                    1, TrainingSummary.Reason.MAX_STEPS, 1.0, Double.NaN, 0.1, null)));
    state.drainEvents();
    assertEquals(shown + 1, version());
    assertFalse(state.hasPending());
  }

  @Test
  void withoutAPeriodEveryDrainWithDataAnnounces() {
    WorkbenchState immediate = new WorkbenchState();
    immediate.showLiveRun(run);
    long shown = immediate.runVersionProperty().get();
    immediate.events().offer(new RunEvent.Step(Map.of("step", 1.0)));
    immediate.drainEvents();
    immediate.events().offer(new RunEvent.Step(Map.of("step", 2.0)));
    immediate.drainEvents();
    assertEquals(shown + 2, immediate.runVersionProperty().get());
    immediate.drainEvents();
    assertEquals(shown + 2, immediate.runVersionProperty().get(), "nothing new, nothing announced");
  }

  @Test
  void aNegativePeriodIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new WorkbenchState(Duration.ofMillis(-1), System::nanoTime));
  }
}
