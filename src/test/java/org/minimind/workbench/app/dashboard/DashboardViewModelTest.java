package org.minimind.workbench.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.app.SameThreadTaskExecutor;
import org.minimind.workbench.app.TestRuns;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.run.RunDirectoryReader;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.metrics.MetricsColumns;

class DashboardViewModelTest {
  private final WorkbenchState state = new WorkbenchState();
  private final DashboardViewModel vm =
      new DashboardViewModel(state, new SameThreadTaskExecutor(), new RunDirectoryReader());

  private static List<String> names(MetricPanel p) {
    List<String> n = new ArrayList<>();
    for (DataSet d : p.datasets()) {
      n.add(d.getName());
    }
    return n;
  }

  @Test
  void plotsEveryPanelOfTheShownRun() {
    state.showRun(TestRuns.history("run", 40, 2));
    assertEquals(List.of("cross entropy", "val loss"), names(vm.panel(DashboardPanel.LOSS)));
    assertEquals(
        List.of("balance loss"),
        vm.panel(DashboardPanel.LOSS).rightDatasets().stream().map(DataSet::getName).toList(),
        "the balance loss has its own axis");
    assertEquals(List.of("layer 0", "layer 1"), names(vm.panel(DashboardPanel.GINI)));
    assertEquals(
        List.of("layer 0 dead", "layer 1 dead", "layer 0 hot", "layer 1 hot"),
        names(vm.panel(DashboardPanel.DEAD_HOT)));
    assertEquals(40, vm.panel(DashboardPanel.LOSS).dataset("cross entropy").getDataCount());
    assertEquals(40, vm.panel(DashboardPanel.LOSS).dataset("balance loss").getDataCount());
    assertEquals(
        4,
        vm.panel(DashboardPanel.LOSS).dataset("val loss").getDataCount(),
        "validation rows only");
    assertTrue(vm.summaryProperty().get().contains("step 40"));
  }

  @Test
  void theMemoryGateIsSaidToHaveNoGradientInsteadOfPlottedAsZero() {
    state.showRun(TestRuns.history("run", 10, 1));
    List<String> groups = names(vm.panel(DashboardPanel.GRADIENT_NORM));
    assertEquals(List.of("attention", "fusion", "memory_bank", "embeddings"), groups);
    assertTrue(vm.gateNoteProperty().get().startsWith("memory gate: no gradient"));
  }

  @Test
  void layerTogglesHideAndShowTheirLines() {
    state.showRun(TestRuns.history("run", 10, 3));
    assertEquals(3, vm.layerVisible().size());
    vm.layerVisible().get(1).set(false);
    assertEquals(List.of("layer 0", "layer 2"), names(vm.panel(DashboardPanel.COVERAGE)));
    vm.layerVisible().get(1).set(true);
    assertEquals(
        List.of("layer 0", "layer 1", "layer 2"), names(vm.panel(DashboardPanel.COVERAGE)));
  }

  @Test
  void comparedRunsAreColouredByRunAndListedWithWhatDiffers() {
    RunHistory a = TestRuns.history("a", 20, 2);
    RunHistory b = TestRuns.history("b", 30, 2);
    state.showRun(a);
    String alone = vm.panel(DashboardPanel.GINI).dataset("layer 1").getStyle();
    assertTrue(vm.runTable().isEmpty(), "no table for one run");
    state.comparisonRuns().add(b);
    MetricPanel gini = vm.panel(DashboardPanel.GINI);
    assertEquals(List.of("a: layer 0", "a: layer 1", "b: layer 0", "b: layer 1"), names(gini));
    String a0 = gini.dataset("a: layer 0").getStyle();
    String a1 = gini.dataset("a: layer 1").getStyle();
    String b0 = gini.dataset("b: layer 0").getStyle();
    assertEquals(colour(a0), colour(a1), "one colour per run");
    assertNotEquals(colour(a0), colour(b0), "runs in different colours");
    assertNotEquals(a0, a1, "a run's layers told apart by their dashes");
    assertNotEquals(colour(alone), colour(a1), "alone, the colour names the layer");
    assertEquals(List.of("a", "b"), vm.runTable().stream().map(RunSummary::name).toList());
    assertEquals(colour(a0), vm.runTable().get(0).colour());
    assertEquals(colour(b0), vm.runTable().get(1).colour());
    assertEquals(30, vm.runTable().get(1).steps());
    state.comparisonRuns().clear();
    assertEquals(List.of("layer 0", "layer 1"), names(gini));
    assertTrue(vm.runTable().isEmpty());
  }

  private static String colour(String style) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("-fx-line-color: (#[0-9a-f]+)").matcher(style);
    assertTrue(m.find(), style);
    return m.group(1);
  }

  @Test
  void theFilterKeepsTheChartsWhoseNamesOrLinesMatchEveryWord() {
    state.showRun(TestRuns.history("run", 10, 2));
    assertEquals(DashboardPanel.values().length, vm.shownPanels().size());
    vm.filterProperty().set("GINI");
    assertEquals(List.of(DashboardPanel.GINI), kinds(vm.shownPanels()));
    vm.filterProperty().set("balance");
    assertEquals(List.of(DashboardPanel.LOSS), kinds(vm.shownPanels()), "a line's name matches");
    vm.filterProperty().set("layer slots");
    assertEquals(
        List.of(DashboardPanel.COVERAGE, DashboardPanel.DEAD_HOT), kinds(vm.shownPanels()));
    vm.filterProperty().set("no such metric");
    assertTrue(vm.shownPanels().isEmpty());
    vm.filterProperty().set("");
    assertEquals(DashboardPanel.values().length, vm.shownPanels().size());
  }

  @Test
  void theFilterFollowsTheRunsShown() {
    state.showRun(TestRuns.history("run", 10, 1));
    vm.filterProperty().set("other-run");
    assertTrue(vm.shownPanels().isEmpty());
    state.comparisonRuns().add(TestRuns.history("other-run", 10, 1));
    assertEquals(
        DashboardPanel.values().length,
        vm.shownPanels().size(),
        "every chart now has a line of the compared run");
  }

  private static List<DashboardPanel> kinds(List<MetricPanel> panels) {
    return panels.stream().map(MetricPanel::kind).toList();
  }

  @Test
  void smoothingChangesThePlottedValuesNotTheRun() {
    RunHistory run = TestRuns.history("run", 30, 1);
    state.showRun(run);
    vm.smoothingProperty().set(0);
    DoubleDataSet ce = vm.panel(DashboardPanel.LOSS).dataset("cross entropy");
    double raw = ce.get(DataSet.DIM_Y, 0);
    assertEquals(run.snapshot().column(MetricsColumns.CE).get(0), raw);
    vm.smoothingProperty().set(0.9);
    double last = ce.get(DataSet.DIM_Y, 29);
    assertTrue(last > run.snapshot().column(MetricsColumns.CE).get(29), "EMA lags a falling loss");
  }

  @Test
  void comparedRunsAreOverlaidUnderTheirNames() {
    state.showRun(TestRuns.history("a", 10, 1));
    state.comparisonRuns().add(TestRuns.history("b", 20, 1));
    assertEquals(
        List.of("a: cross entropy", "a: val loss", "b: cross entropy", "b: val loss"),
        names(vm.panel(DashboardPanel.LOSS)));
    assertEquals(20, vm.panel(DashboardPanel.LOSS).dataset("b: cross entropy").getDataCount());
    vm.clearComparison();
    assertNull(vm.panel(DashboardPanel.LOSS).dataset("b: cross entropy"));
  }

  @Test
  void aHundredThousandStepsPlotAsAFewThousandPoints() {
    int n = 100_000;
    double[] step = new double[n];
    double[] loss = new double[n];
    double[] gini = new double[n];
    for (int i = 0; i < n; i++) {
      step[i] = i + 1;
      loss[i] = 6 + Math.exp(-i / 20000.0) + 0.1 * Math.sin(i);
      gini[i] = 0.9;
    }
    RunHistory run = new RunHistory("long", null);
    run.appendRows(List.of("step", "ce", "layer_0_gini_coefficient"), List.of(step, loss, gini), n);
    long t0 = System.nanoTime();
    state.showRun(run);
    double ms = (System.nanoTime() - t0) / 1e6;
    DoubleDataSet d = vm.panel(DashboardPanel.LOSS).dataset("cross entropy");
    assertNotNull(d);
    assertTrue(
        d.getDataCount() <= 2 * DashboardViewModel.BUCKETS + 2, "reduced: " + d.getDataCount());
    assertTrue(ms < 5_000, "a re-plot of 100k steps took " + ms + " ms");
  }

  @Test
  void aZoomedChartIsReducedWithinWhatItShows() {
    int n = 100_000;
    double[] step = new double[n];
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      step[i] = i + 1;
      loss[i] = Math.sin(i);
    }
    RunHistory run = new RunHistory("long", null);
    run.appendRows(List.of("step", "ce"), List.of(step, loss), n);
    vm.smoothingProperty().set(0);
    state.showRun(run);
    vm.zoomed(DashboardPanel.LOSS, 50_000, 50_100, false);
    DoubleDataSet d = vm.panel(DashboardPanel.LOSS).dataset("cross entropy");
    assertEquals(103, d.getDataCount(), "every step of the window, and one beyond each end");
    assertEquals(49_999, d.get(DataSet.DIM_X, 0));
    vm.zoomed(DashboardPanel.LOSS, Double.NaN, Double.NaN, true);
    assertEquals(100_000, d.get(DataSet.DIM_X, d.getDataCount() - 1));
    assertTrue(d.getDataCount() <= 2 * DashboardViewModel.BUCKETS + 2);
  }

  @Test
  void exportsTheShownRunAsCsvWithEmptyCellsForMissingValues(@TempDir Path dir) throws Exception {
    state.showRun(TestRuns.history("run", 12, 1));
    Path file = dir.resolve("out.csv");
    vm.exportCsv(file);
    assertTrue(vm.messageProperty().get().startsWith("wrote"), vm.messageProperty().get());
    List<String> lines = java.nio.file.Files.readAllLines(file);
    assertEquals(13, lines.size());
    assertTrue(lines.get(0).startsWith("step,"));
    RunHistory back = new RunDirectoryReader().readMetrics(file);
    assertEquals(12, back.rows());
    assertTrue(back.snapshot().column("grad_norm_memory_gate").allMissing());
    assertFalse(back.snapshot().column(MetricsColumns.LOSS).allMissing());
  }
}
