package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.dashboard.DashboardPanel;
import org.minimind.workbench.app.screenshot.HeadlessFx;

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
    assertEquals(
        List.of(
            "tiny-run: cross entropy",
            "tiny-run: val loss",
            "tiny-run-token: cross entropy",
            "tiny-run-token: val loss"),
        names(loss));
    assertArrayEquals(token.column("ce"), values(loss, "tiny-run-token: cross entropy"), 1e-9);
    XYChart gini = ui.workbench().dashboardView().chart(DashboardPanel.GINI);
    assertEquals(
        List.of(
            "tiny-run: layer 0",
            "tiny-run: layer 1",
            "tiny-run-token: layer 0",
            "tiny-run-token: layer 1"),
        names(gini));
    assertArrayEquals(
        token.column("layer_0_gini_coefficient"), values(gini, "tiny-run-token: layer 0"), 1e-9);
    // the run table names each run beside the colour of its lines, and what differs
    TableView<?> table = ui.inView("#runTable");
    assertEquals(2, table.getItems().size());
    assertEquals(
        "differ: config.memory_variant continuous | token", ui.textInView("#differencesLabel"));
    ui.rest();
    ui.screenshot("dashboard-compare");
    // in the picture, the two runs' throughput lines (one metric) are drawn in two colours
    XYChart throughput = ui.workbench().dashboardView().chart(DashboardPanel.THROUGHPUT);
    BufferedImage shot =
        HeadlessFx.call(() -> ChartExport.snapshot(throughput), Duration.ofSeconds(30));
    assertTrue(countColour(shot, 0x00, 0x72, 0xbd) > 30, "the open run's line is blue");
    assertTrue(countColour(shot, 0xd9, 0x53, 0x19) > 30, "the compared run's line is orange");

    ui.clickOn((Node) ui.lookup("Clear comparison").query());
    ui.idle();
    assertEquals(List.of("cross entropy", "val loss"), names(loss));
    assertTrue(table.getItems().isEmpty());
  }

  /** Pixels of {@code image} within 24 of the colour (r, g, b) in every channel. */
  private static int countColour(BufferedImage image, int r, int g, int b) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int argb = image.getRGB(x, y);
        if (Math.abs(((argb >> 16) & 0xff) - r) < 24
            && Math.abs(((argb >> 8) & 0xff) - g) < 24
            && Math.abs((argb & 0xff) - b) < 24) {
          n++;
        }
      }
    }
    return n;
  }

  private static List<String> names(XYChart chart) {
    return chart.getDatasets().stream().map(DataSet::getName).toList();
  }

  private static double[] values(XYChart chart, String name) {
    DataSet d =
        chart.getDatasets().stream()
            .filter(x -> x.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no line '" + name + "' in " + names(chart)));
    return Arrays.copyOf(d.getValues(DataSet.DIM_Y), d.getDataCount());
  }
}
