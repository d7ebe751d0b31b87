package org.minimind.workbench.app.drift;

import io.fair_acc.chartfx.XYChart;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import org.minimind.workbench.app.FileDialogs;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.chart.ChartFactory;

/**
 * Controller of {@code Drift.fxml}: four charts in a 2 x 2 grid, or the token memory's own drift.
 */
public final class DriftView {
  private final DriftViewModel viewModel;
  private final TaskExecutor executor;
  private final FileDialogs dialogs;
  private final Map<String, XYChart> charts = new LinkedHashMap<>();
  private XYChart tokenChart;

  @FXML private Label summaryLabel;
  @FXML private Label messageLabel;
  @FXML private GridPane grid;

  public DriftView(DriftViewModel viewModel, TaskExecutor executor, FileDialogs dialogs) {
    this.viewModel = viewModel;
    this.executor = executor;
    this.dialogs = dialogs;
  }

  @FXML
  private void initialize() {
    summaryLabel.textProperty().bind(viewModel.summaryProperty());
    XYChart l2 =
        ChartFactory.lineChart("L2 change of memory slots per interval", "step", "L2 distance");
    l2.getDatasets().addAll(viewModel.averageL2(), viewModel.maxL2());
    XYChart cosine =
        ChartFactory.lineChart(
            "1 - cosine similarity of the bank to the previous one (log; 1e-12 where unchanged)",
            "step",
            "1 - cosine");
    ChartFactory.logAxis((io.fair_acc.chartfx.axes.spi.DefaultNumericAxis) cosine.getYAxis());
    cosine.getDatasets().add(viewModel.cosine());
    XYChart rate =
        ChartFactory.lineChart(
            "Share of slots updated (L2 change > 0.01)", "step", "share of slots");
    rate.getDatasets().add(viewModel.updateRate());
    XYChart histogram = ChartFactory.histogramChart("", "L2 change of a slot", "slots");
    histogram.titleProperty().bind(viewModel.histogramTitleProperty());
    histogram.getDatasets().add(viewModel.histogram());
    XYChart tokens =
        ChartFactory.lineChart(
            "Token memory: share of its token positions whose id changed per interval",
            "step",
            "share of positions");
    tokens.getDatasets().add(viewModel.tokenChangeRate());
    tokens.setId("drift-token-change");
    tokens.setMinSize(0, 0);
    this.tokenChart = tokens;
    charts.put("drift-l2", l2);
    charts.put("drift-cosine", cosine);
    charts.put("drift-update-rate", rate);
    charts.put("drift-histogram", histogram);
    for (int i = 0; i < 2; i++) {
      ColumnConstraints c = new ColumnConstraints();
      c.setPercentWidth(50);
      grid.getColumnConstraints().add(c);
      RowConstraints r = new RowConstraints();
      r.setPercentHeight(50);
      r.setVgrow(Priority.ALWAYS);
      grid.getRowConstraints().add(r);
    }
    for (Map.Entry<String, XYChart> e : charts.entrySet()) {
      e.getValue().setId(e.getKey());
      e.getValue().setMinSize(0, 0);
    }
    viewModel.tokenMemoryProperty().addListener((o, a, b) -> layOut());
    layOut();
  }

  /**
   * The four vector-drift charts, or for a token memory its own drift (ids changed) with a note on
   * why the others do not apply.
   */
  private void layOut() {
    grid.getChildren().clear();
    if (viewModel.tokenMemoryProperty().get()) {
      grid.add(tokenChart, 0, 0, 2, 1);
      Label note =
          new Label(
              "The token memory stores token ids, not vectors: L2 change, cosine"
                  + " similarity and per-slot change describe the continuous memory only.");
      note.getStyleClass().add("note-label");
      note.setWrapText(true);
      grid.add(note, 0, 1, 2, 1);
      GridPane.setValignment(note, javafx.geometry.VPos.TOP);
      return;
    }
    int i = 0;
    for (XYChart chart : charts.values()) {
      grid.add(chart, i % 2, i / 2);
      i++;
    }
  }

  @FXML
  private void savePng() {
    dialogs
        .openDirectory("Folder for the drift chart PNGs")
        .ifPresent(
            dir -> {
              Map<Path, Node> nodes = new LinkedHashMap<>();
              if (viewModel.tokenMemoryProperty().get()) {
                nodes.put(dir.resolve("drift-token-change.png"), tokenChart);
              } else {
                charts.forEach((name, chart) -> nodes.put(dir.resolve(name + ".png"), chart));
              }
              ChartExport.savePngs(executor, nodes, messageLabel::setText);
            });
  }
}
