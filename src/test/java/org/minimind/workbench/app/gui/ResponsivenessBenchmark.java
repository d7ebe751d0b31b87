package org.minimind.workbench.app.gui;

import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.WorkbenchState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How responsive the window stays while it trains: with the tiny preset training from the dashboard
 * (its charts redrawn as rows arrive), the JavaFX pulses over {@link #WINDOW_SECONDS} seconds and
 * the longest gap between two of them. A gap over about 100 ms is a window that feels frozen: input
 * waits and nothing redraws.
 *
 * <p>A benchmark, not a test: it prints its numbers and asserts nothing, since they depend on what
 * else the machine runs. Its name keeps it out of the default suite; run it with {@code mvn test
 * -Dtest=ResponsivenessBenchmark} (the README's "Responsiveness"). {@code ResponsivenessUiTest}
 * asserts what cannot fail by chance: the training threads are lowered and the charts are updated.
 */
class ResponsivenessBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ResponsivenessBenchmark.class);
  static final int WINDOW_SECONDS = 5;

  /**
   * Steps trained before the window opens: the first ones also compile the training and drawing
   * code (the JIT's threads share the two cores), which a researcher sees once per session.
   */
  static final int WARM_UP_STEPS = 20;

  private WorkbenchDriver ui;

  @BeforeEach
  void open() throws Exception {
    ui = WorkbenchDriver.start(null);
  }

  @AfterEach
  void close() throws Exception {
    ui.close();
  }

  @Test
  void pulsesWhileTraining() throws Exception {
    WorkbenchState state = ui.startLongTinyRun();
    ui.waitUntil(120, () -> state.currentStepProperty().get() >= WARM_UP_STEPS);

    long firstStep = state.currentStepProperty().get();
    long firstVersion = state.runVersionProperty().get();
    PulseRecorder pulses = new PulseRecorder();
    pulses.start();
    ui.waitUntil(10, () -> pulses.pulses() >= 2);
    pulses.resetGaps();
    long from = pulses.pulses();
    long start = System.nanoTime();
    ui.waitUntil(
        WINDOW_SECONDS + 30, () -> System.nanoTime() - start >= WINDOW_SECONDS * 1_000_000_000L);
    pulses.stop();
    List<String> trainingThreads = ResponsivenessUiTest.trainingThreadsNotLowered();
    double maxGap = pulses.maxGapMillis();
    long counted = pulses.pulses() - from;
    long trained = state.currentStepProperty().get() - firstStep;
    long redraws = state.runVersionProperty().get() - firstVersion;
    String report =
        String.format(
            Locale.ROOT,
            "over %d s of training: %d pulses, longest gap %.1f ms; %d steps trained, %d chart"
                + " updates; training threads at the window's priority: %s",
            WINDOW_SECONDS,
            counted,
            maxGap,
            trained,
            redraws,
            trainingThreads.isEmpty() ? "none" : trainingThreads);
    LOG.info(report);
    System.out.println(report);
    ui.clickOn((Node) ui.inView("#stopButton"));
    ui.waitUntil(60, () -> !ui.workbench().training().runningProperty().get());
  }
}
