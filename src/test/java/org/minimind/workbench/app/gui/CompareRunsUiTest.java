package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.dashboard.DashboardPanel;

/**
 * Two runs overlaid on the dashboard: the committed tiny run (continuous memory) is open, "Compare
 * run…" adds the same run with the token memory; every chart then carries the second run's lines,
 * named after it, with the values of its {@code metrics.csv}; "Clear comparison" takes them away.
 */
class CompareRunsUiTest {
  /** The tiny run's settings with {@code --memory-variant token} (metrics and slot files only). */
  static final Path TOKEN_RUN = Path.of("src", "test", "resources", "ui", "tiny-run-token");

  private WorkbenchDriver ui;

  @BeforeEach
  void open() throws Exception {
    ui = WorkbenchDriver.start(WorkbenchDriver.TINY_RUN);
  }

  @AfterEach
  void close() throws Exception {
    ui.close();
  }

  @Test
  void overlaysTheComparedRun() throws Exception {
    MetricsFile token = MetricsFile.read(TOKEN_RUN.resolve("metrics.csv"));
    ui.showTab(Workbench.DASHBOARD);
    // smoothing off: the lines carry the logged values themselves
    Slider smoothing = ui.inView("#smoothingSlider");
    ui.clickOn(smoothing.lookup(".thumb")).type(KeyCode.HOME);
    ui.idle();
    ui.willChoose(TOKEN_RUN);
    ui.clickOn("Compare run…");
    ui.idle();
    assertEquals(List.of("Add a run directory for comparison"), ui.dialogs().asked());
    assertEquals("comparing with tiny-run-token", ui.textInView("#messageLabel"));

    XYChart loss = ui.workbench().dashboardView().chart(DashboardPanel.LOSS);
    assertEquals(List.of("loss", "cross entropy", "val loss",
        "tiny-run-token: loss", "tiny-run-token: cross entropy", "tiny-run-token: val loss"), names(loss));
    assertArrayEquals(token.column("ce"), values(loss, "tiny-run-token: cross entropy"), 1e-9);
    XYChart gini = ui.workbench().dashboardView().chart(DashboardPanel.GINI);
    assertEquals(List.of("layer 0", "layer 1", "tiny-run-token: layer 0", "tiny-run-token: layer 1"), names(gini));
    assertArrayEquals(token.column("layer_0_gini_coefficient"), values(gini, "tiny-run-token: layer 0"), 1e-9);
    ui.rest();
    ui.screenshot("dashboard-compare");

    ui.clickOn((Node) ui.lookup("Clear comparison").query());
    ui.idle();
    assertEquals(List.of("loss", "cross entropy", "val loss"), names(loss));
  }

  private static List<String> names(XYChart chart) {
    return chart.getDatasets().stream().map(DataSet::getName).toList();
  }

  private static double[] values(XYChart chart, String name) {
    DataSet d = chart.getDatasets().stream().filter(x -> x.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + name + "' in " + names(chart)));
    return Arrays.copyOf(d.getValues(DataSet.DIM_Y), d.getDataCount());
  }
}
