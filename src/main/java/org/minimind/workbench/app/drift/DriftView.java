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

/** Controller of {@code Drift.fxml}: four charts in a 2 x 2 grid. */
public final class DriftView {
  private final DriftViewModel viewModel;
  private final TaskExecutor executor;
  private final FileDialogs dialogs;
  private final Map<String, XYChart> charts = new LinkedHashMap<>();

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
    XYChart l2 = ChartFactory.lineChart("L2 change of memory slots per interval", "step", "L2 distance");
    l2.getDatasets().addAll(viewModel.averageL2(), viewModel.maxL2());
    XYChart cosine = ChartFactory.lineChart("Cosine similarity of the bank to the previous one", "step", "cosine");
    cosine.getDatasets().add(viewModel.cosine());
    XYChart rate = ChartFactory.lineChart("Share of slots updated (L2 change > 0.01)", "step", "share of slots");
    rate.getDatasets().add(viewModel.updateRate());
    XYChart histogram = ChartFactory.histogramChart("", "L2 change of a slot", "slots");
    histogram.titleProperty().bind(viewModel.histogramTitleProperty());
    histogram.getDatasets().add(viewModel.histogram());
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
    int i = 0;
    for (Map.Entry<String, XYChart> e : charts.entrySet()) {
      e.getValue().setId(e.getKey());
      e.getValue().setMinSize(0, 0);
      grid.add(e.getValue(), i % 2, i / 2);
      i++;
    }
  }

  @FXML
  private void savePng() {
    dialogs.openDirectory("Folder for the drift chart PNGs").ifPresent(dir -> {
      Map<Path, Node> nodes = new LinkedHashMap<>();
      charts.forEach((name, chart) -> nodes.put(dir.resolve(name + ".png"), chart));
      ChartExport.savePngs(executor, nodes, messageLabel::setText);
    });
  }
}
