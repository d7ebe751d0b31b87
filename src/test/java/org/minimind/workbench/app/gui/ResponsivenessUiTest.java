package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.LowPriority;
import org.minimind.workbench.app.ProcessThreads;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.dashboard.TrainingTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window stays responsive while it trains: with the tiny preset training from the dashboard
 * (its charts redrawn as rows arrive), the longest gap between two JavaFX pulses over {@link
 * #WINDOW_SECONDS} seconds stays under {@link #MAX_GAP_MS} ms. A longer gap is a frozen window:
 * input waits and nothing redraws. The training thread runs at a lower priority than the
 * window's ({@code LowPriority}); without that, on two cores, the longest gap was 52 to 140 ms.
 */
class ResponsivenessUiTest {
  private static final Logger LOG = LoggerFactory.getLogger(ResponsivenessUiTest.class);
  static final double MAX_GAP_MS = 100;
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
  void pulsesKeepComingWhileTraining() throws Exception {
    ui.showTab(Workbench.DASHBOARD);
    ui.choose(ui.<ChoiceBox<?>>inView("#targetChoice"), TrainingTarget.TINY.toString());
    Spinner<Integer> steps = ui.inView("#stepsSpinner");
    ui.typeInto(steps.getEditor(), "100000");
    ui.type(KeyCode.ENTER);
    ui.clickOn((Node) ui.inView("#startButton"));
    WorkbenchState state = ui.workbench().state();
    ui.waitUntil(120, () -> state.currentStepProperty().get() >= WARM_UP_STEPS);

    long firstStep = state.currentStepProperty().get();
    long firstVersion = state.runVersionProperty().get();
    PulseRecorder pulses = new PulseRecorder();
    pulses.start();
    ui.waitUntil(10, () -> pulses.pulses() >= 2);
    pulses.resetGaps();
    long from = pulses.pulses();
    long start = System.nanoTime();
    ui.waitUntil(WINDOW_SECONDS + 30, () -> System.nanoTime() - start >= WINDOW_SECONDS * 1_000_000_000L);
    pulses.stop();
    List<String> trainingThreads = trainingThreadsNotLowered();
    double maxGap = pulses.maxGapMillis();
    long counted = pulses.pulses() - from;
    long trained = state.currentStepProperty().get() - firstStep;
    long redraws = state.runVersionProperty().get() - firstVersion;
    String report = String.format(Locale.ROOT,
        "over %d s of training: %d pulses, longest gap %.1f ms (limit %.0f ms); %d steps trained, %d chart updates",
        WINDOW_SECONDS, counted, maxGap, MAX_GAP_MS, trained, redraws);
    LOG.info(report);
    System.out.println(report);
    ui.clickOn((Node) ui.inView("#stopButton"));
    ui.waitUntil(60, () -> !ui.workbench().training().runningProperty().get());

    assertTrue(trained >= 5, "training made too little progress to load the UI: " + report);
    assertTrue(redraws >= 5, "the charts were hardly updated: " + report);
    assertTrue(trainingThreads.isEmpty(), "training threads at the window's priority: " + trainingThreads);
    assertTrue(maxGap < MAX_GAP_MS, report);
  }

  /**
   * The background threads (training and the compute threads it started, which carry its name)
   * whose nice value is not {@link LowPriority#NICE}; none where Linux's per-thread values are
   * missing.
   */
  private static List<String> trainingThreadsNotLowered() throws IOException {
    if (!ProcessThreads.listed()) {
      return List.of();
    }
    List<ProcessThreads.Task> background = ProcessThreads.now().stream()
        .filter(t -> t.name().startsWith("workbench-back"))
        .toList();
    if (background.isEmpty()) {
      return List.of("no workbench-background thread found");
    }
    return background.stream()
        .filter(t -> !t.nice().equals(OptionalInt.of(LowPriority.NICE)))
        .map(t -> t.name() + " " + t.id() + " nice " + t.nice())
        .toList();
  }
}
