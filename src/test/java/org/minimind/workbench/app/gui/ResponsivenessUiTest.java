package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import javafx.scene.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.LowPriority;
import org.minimind.workbench.app.ProcessThreads;
import org.minimind.workbench.app.WorkbenchState;

/**
 * What keeps the window responsive while it trains, asserted without timing: the training thread
 * and the compute threads it starts run at a lower priority than the window's ({@code
 * LowPriority}), and the dashboard's charts are updated as rows arrive. How responsive the window
 * then is (the longest gap between JavaFX pulses) depends on the machine's load; {@link
 * ResponsivenessBenchmark} measures it.
 */
class ResponsivenessUiTest {
  /** Chart updates waited for; each comes within a second on any machine that trains at all. */
  static final int UPDATES = 3;

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
  void trainingRunsBelowTheWindowAndUpdatesTheCharts() throws Exception {
    WorkbenchState state = ui.startLongTinyRun();
    ui.waitUntil(120, () -> state.currentStepProperty().get() >= 2);
    long firstVersion = state.runVersionProperty().get();
    ui.waitUntil(120, () -> state.runVersionProperty().get() >= firstVersion + UPDATES);
    List<String> notLowered = trainingThreadsNotLowered();
    ui.clickOn((Node) ui.inView("#stopButton"));
    ui.waitUntil(60, () -> !ui.workbench().training().runningProperty().get());

    assertTrue(notLowered.isEmpty(), "training threads at the window's priority: " + notLowered);
  }

  /**
   * The background threads (training and the compute threads it started, which carry its name)
   * whose nice value is not {@link LowPriority#NICE}; none where Linux's per-thread values are
   * missing.
   */
  static List<String> trainingThreadsNotLowered() throws IOException {
    if (!ProcessThreads.listed()) {
      return List.of();
    }
    List<ProcessThreads.Task> background =
        ProcessThreads.now().stream().filter(t -> t.name().startsWith("workbench-back")).toList();
    if (background.isEmpty()) {
      return List.of("no workbench-background thread found");
    }
    return background.stream()
        .filter(t -> !t.nice().equals(OptionalInt.of(LowPriority.NICE)))
        .map(t -> t.name() + " " + t.id() + " nice " + t.nice())
        .toList();
  }
}
