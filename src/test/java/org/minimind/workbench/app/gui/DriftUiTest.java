package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.chart.Numbers;
import org.minimind.workbench.app.screenshot.HeadlessFx;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.run.RunDirectory;

/**
 * The memory drift view of the committed tiny run: the four charts carry the run's logged drift
 * statistics and the histogram of {@code slot_drift.bin}; hovering a point of a chart shows its
 * step and value.
 */
class DriftUiTest {
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
  void aTokenMemoryRunShowsItsOwnDrift() throws Exception {
    java.nio.file.Path tokenRun = CompareRunsUiTest.TOKEN_RUN;
    MetricsFile metrics = MetricsFile.read(tokenRun.resolve("metrics.csv"));
    ui.willChoose(tokenRun);
    ui.chooseMenu("File", "Open training run folder…");
    ui.showTab(Workbench.DRIFT);
    assertEquals(
        String.format(
            Locale.ROOT,
            "token memory, step 48: %.2f%% of the memory's token"
                + " positions changed in the last interval",
            100 * metrics.column("memory_token_change_rate")[47]),
        ui.textInView("#summaryLabel"));
    XYChart tokens = ui.inView("#drift-token-change");
    assertArrayEquals(
        metrics.column("memory_token_change_rate"),
        Arrays.copyOf(
            tokens.getDatasets().get(0).getValues(DataSet.DIM_Y),
            tokens.getDatasets().get(0).getDataCount()),
        1e-12);
    assertTrue(
        ui.from(ui.view()).lookup("#drift-l2").tryQuery().isEmpty(),
        "no L2 chart for a memory of token ids");
    assertTrue(ui.from(ui.view()).lookup("#drift-histogram").tryQuery().isEmpty());

    // back to a continuous run: its four charts return
    ui.willChoose(WorkbenchDriver.TINY_RUN);
    ui.chooseMenu("File", "Open training run folder…");
    ui.showTab(Workbench.DRIFT);
    assertTrue(ui.from(ui.view()).lookup("#drift-l2").tryQuery().isPresent());
    assertTrue(ui.from(ui.view()).lookup("#drift-token-change").tryQuery().isEmpty());
  }

  @Test
  void showsTheRunsDriftAndTheHoveredPoint() throws Exception {
    MetricsFile metrics = MetricsFile.read(WorkbenchDriver.TINY_RUN.resolve("metrics.csv"));
    SlotDriftFile.Latest drift =
        SlotDriftFile.read(RunDirectory.slotDriftFile(WorkbenchDriver.TINY_RUN));
    double sum = 0;
    double max = 0;
    int moved = 0;
    for (float x : drift.perSlotL2Change()) {
      sum += x;
      max = Math.max(max, x);
      moved += x > 0.01 ? 1 : 0;
    }
    int slots = drift.perSlotL2Change().length;

    ui.showTab(Workbench.DRIFT);
    assertEquals(
        String.format(
            Locale.ROOT,
            "step %d: mean slot change %.3g, largest %.3g, %d of %d slots moved more than 0.010",
            drift.step(),
            sum / slots,
            max,
            moved,
            slots),
        ui.textInView("#summaryLabel"));

    XYChart l2 = ui.inView("#drift-l2");
    assertEquals(
        List.of("average L2 change", "max L2 change"),
        l2.getDatasets().stream().map(DataSet::getName).toList());
    assertArrayEquals(metrics.column("memory_avg_l2_change"), ys(l2.getDatasets().get(0)), 1e-12);
    assertArrayEquals(metrics.column("memory_max_l2_change"), ys(l2.getDatasets().get(1)), 1e-12);
    XYChart cosine = ui.inView("#drift-cosine");
    double[] oneMinus =
        Arrays.stream(metrics.column("memory_cosine_similarity"))
            .map(
                c ->
                    Math.max(
                        org.minimind.workbench.app.drift.DriftViewModel.ONE_MINUS_FLOOR, 1 - c))
            .toArray();
    assertArrayEquals(oneMinus, ys(cosine.getDatasets().get(0)), 1e-15);
    XYChart rate = ui.inView("#drift-update-rate");
    assertArrayEquals(metrics.column("memory_update_rate"), ys(rate.getDatasets().get(0)), 1e-12);

    XYChart histogram = ui.inView("#drift-histogram");
    assertEquals(
        "Per-slot L2 change over the interval ending at step " + drift.step(),
        histogram.getTitle());
    assertEquals(slots, Arrays.stream(ys(histogram.getDatasets().get(0))).sum(), 0);

    // hover the max-L2 line at step 24
    DataSet maxL2 = l2.getDatasets().get(1);
    int i = 23;
    assertEquals(24, maxL2.get(DataSet.DIM_X, i), 0);
    Point2D point =
        HeadlessFx.call(
            () ->
                l2.getCanvas()
                    .localToScene(
                        l2.getXAxis().getDisplayPosition(maxL2.get(DataSet.DIM_X, i)),
                        l2.getYAxis().getDisplayPosition(maxL2.get(DataSet.DIM_Y, i))),
            Duration.ofSeconds(5));
    ui.moveToScenePoint(point);
    Label tip = ui.from(l2).lookup(".chart-datapoint-tooltip-label").queryAs(Label.class);
    assertEquals(
        "'max L2 change [23]'\n24, "
            + Numbers.readable(metrics.column("memory_max_l2_change")[i], 6),
        tip.getText());

    // leaving the chart takes the value away
    ui.rest();
    assertEquals(
        List.of(), ui.lookup(".chart-datapoint-tooltip-label").queryAll().stream().toList());
    // the picture without the pointer: a hover label drawn or not depends on when the robot's
    // last pointer events arrive, which made the picture flicker between runs
    ui.screenshot("drift");
  }

  private static double[] ys(DataSet d) {
    return Arrays.copyOf(d.getValues(DataSet.DIM_Y), d.getDataCount());
  }
}
