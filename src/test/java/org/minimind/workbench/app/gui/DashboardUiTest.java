package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.dashboard.DashboardPanel;
import org.minimind.workbench.app.dashboard.XAxis;

/**
 * The dashboard of the committed tiny run, opened through File, "Open training run folder…": its
 * nine charts carry the run's lines with the values of its {@code metrics.csv}, the layer check
 * boxes add and remove per-layer lines, and the window matches its golden image.
 */
class DashboardUiTest {
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
  void showsTheOpenedRunsMetrics() throws Exception {
    MetricsFile metrics = MetricsFile.read(WorkbenchDriver.TINY_RUN.resolve("metrics.csv"));
    ui.willChoose(WorkbenchDriver.TINY_RUN);
    ui.chooseMenu("File", "Open training run folder…");
    assertEquals(List.of("Open a training run folder"), ui.dialogs().asked());
    ui.showTab(Workbench.DASHBOARD);

    Label status = ui.lookup(".status-bar .step-status").queryAs(Label.class);
    assertEquals("checkpoint of step 48, run at step 48", status.getText());
    assertEquals("step 48", ui.textInView("#stepLabel"));
    assertEquals(
        String.format(
            Locale.ROOT,
            "tiny-run: step 48, 48 logged steps, cross entropy %.4f, val loss %.4f, %.0f tokens/s",
            last(metrics.column("ce")),
            last(metrics.present("val_loss")),
            last(metrics.column("tokens_per_s"))),
        ui.textInView("#summaryLabel"));
    assertTrue(ui.textInView("#gateNoteLabel").startsWith("memory gate: no gradient"));

    // smoothing off (focus the slider, Home): the lines carry the logged values themselves
    Slider smoothing = ui.inView("#smoothingSlider");
    ui.clickOn(smoothing.lookup(".thumb")).type(KeyCode.HOME);
    ui.idle();
    assertEquals("0.00", ui.textInView("#smoothingLabel"));

    assertEquals(
        DashboardPanel.values().length,
        ui.from(ui.view()).lookup(".chart").queryAllAs(XYChart.class).size());
    XYChart loss = ui.workbench().dashboardView().chart(DashboardPanel.LOSS);
    assertEquals(List.of("cross entropy", "val loss"), names(loss));
    assertArrayEquals(metrics.column("ce"), values(loss, "cross entropy"), 1e-9);
    assertArrayEquals(metrics.column("step"), xs(loss, "cross entropy"), 0);
    assertArrayEquals(metrics.present("val_loss"), present(values(loss, "val loss")), 1e-9);
    assertArrayEquals(
        metrics.column("tokens_per_s"),
        values(ui.workbench().dashboardView().chart(DashboardPanel.THROUGHPUT), "tokens/s"),
        1e-6);

    XYChart gini = ui.workbench().dashboardView().chart(DashboardPanel.GINI);
    assertEquals(List.of("layer 0", "layer 1"), names(gini));
    assertArrayEquals(metrics.column("layer_1_gini_coefficient"), values(gini, "layer 1"), 1e-9);
    CheckBox layer1 = ui.inView("#layer-toggle-1");
    ui.clickOn(layer1);
    ui.idle();
    assertEquals(List.of("layer 0"), names(gini));
    assertEquals(
        List.of("layer 0 dead", "layer 0 hot"),
        names(ui.workbench().dashboardView().chart(DashboardPanel.DEAD_HOT)));
    ui.clickOn(layer1);
    ui.idle();
    assertEquals(List.of("layer 0", "layer 1"), names(gini));

    // the gradient norms' log axis spans at least one decade boundary, so it has a label
    var norms = ui.workbench().dashboardView().chart(DashboardPanel.GRADIENT_NORM).getYAxis();
    assertTrue(
        Math.floor(Math.log10(norms.getMax())) >= Math.ceil(Math.log10(norms.getMin())),
        "log axis " + norms.getMin() + " .. " + norms.getMax());
    ui.rest();
    ui.screenshot("dashboard");
  }

  @Test
  void aRunOpenedToBeFollowedGrowsOnTheDashboard() throws Exception {
    MetricsFile metrics = MetricsFile.read(WorkbenchDriver.TINY_RUN.resolve("metrics.csv"));
    // what --checkpoint RUN --follow does at start-up
    org.minimind.workbench.app.screenshot.HeadlessFx.run(
        () -> ui.workbench().start(WorkbenchDriver.TINY_RUN, List.of(), null, true));
    ui.idle();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ui.workbench().state().run() == null
        || ui.workbench().state().run().rows() < metrics.column("step").length) {
      assertTrue(System.nanoTime() < deadline, "the followed run's rows did not arrive");
      Thread.sleep(100);
      ui.idle();
    }
    assertTrue(ui.workbench().training().followingProperty().get());
    assertTrue(
        ui.workbench().state().run().name().endsWith("(following)"),
        ui.workbench().state().run().name());
    assertTrue(ui.workbench().state().model() != null, "the run's checkpoint is open too");
    ui.showTab(Workbench.DASHBOARD);
    javafx.scene.control.Button stop = ui.inView("#stopButton");
    ui.clickOn(stop);
    ui.idle();
    assertTrue(!ui.workbench().training().followingProperty().get(), "Stop ends the following");
  }

  @Test
  void theXAxisSwitchesBetweenStepsTokensAndWallTime() throws Exception {
    MetricsFile metrics = MetricsFile.read(WorkbenchDriver.TINY_RUN.resolve("metrics.csv"));
    ui.willChoose(WorkbenchDriver.TINY_RUN);
    ui.chooseMenu("File", "Open training run folder…");
    ui.showTab(Workbench.DASHBOARD);
    Slider smoothing = ui.inView("#smoothingSlider");
    ui.clickOn(smoothing.lookup(".thumb")).type(KeyCode.HOME);
    ui.idle();
    XYChart loss = ui.workbench().dashboardView().chart(DashboardPanel.LOSS);
    XYChart gini = ui.workbench().dashboardView().chart(DashboardPanel.GINI);
    assertEquals("step", loss.getXAxis().getName());

    ChoiceBox<XAxis> choice = ui.inView("#xAxisChoice");
    for (XAxis axis : List.of(XAxis.TOKENS, XAxis.WALL_TIME, XAxis.STEP)) {
      ui.choose(choice, axis.label());
      ui.idle();
      assertEquals(axis, choice.getValue());
      assertEquals(axis.label(), loss.getXAxis().getName());
      assertEquals(axis.label(), gini.getXAxis().getName());
      assertArrayEquals(
          metrics.column(axis.column()), xs(loss, "cross entropy"), 1e-9, axis.label());
      assertArrayEquals(metrics.column(axis.column()), xs(gini, "layer 0"), 1e-9, axis.label());
      assertArrayEquals(metrics.column("ce"), values(loss, "cross entropy"), 1e-9, axis.label());
    }
  }

  private static double last(double[] v) {
    return v[v.length - 1];
  }

  private static List<String> names(XYChart chart) {
    return chart.getDatasets().stream().map(DataSet::getName).toList();
  }

  private static DataSet dataset(XYChart chart, String name) {
    return chart.getDatasets().stream()
        .filter(d -> d.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + name + "' in " + names(chart)));
  }

  private static double[] values(XYChart chart, String name) {
    DataSet d = dataset(chart, name);
    return Arrays.copyOf(d.getValues(DataSet.DIM_Y), d.getDataCount());
  }

  private static double[] xs(XYChart chart, String name) {
    DataSet d = dataset(chart, name);
    return Arrays.copyOf(d.getValues(DataSet.DIM_X), d.getDataCount());
  }

  private static double[] present(double[] v) {
    return Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
  }
}
