package org.minimind.workbench.app.heatmap;

import java.util.Map;
import java.util.stream.IntStream;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.minimind.workbench.app.FileDialogs;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.slots.SlotGridChart;

/** Controller of {@code Heatmap.fxml}. */
public final class HeatmapView {
  private final HeatmapViewModel viewModel;
  private final TaskExecutor executor;
  private final FileDialogs dialogs;
  private SlotGridChart gridChart;

  @FXML private ChoiceBox<Integer> layerChoice;
  @FXML private ChoiceBox<HeatmapViewModel.Source> sourceChoice;
  @FXML private CheckBox logCheck;
  @FXML private Label messageLabel;
  @FXML private HBox windowBox;
  @FXML private Slider fromSlider;
  @FXML private Slider toSlider;
  @FXML private Label windowLabel;
  @FXML private TextField promptField;
  @FXML private Button analyzeButton;
  @FXML private Label promptError;
  @FXML private StackPane chartHolder;
  @FXML private Label summaryLabel;
  @FXML private Label hoverLabel;
  @FXML private Label highlightLabel;

  public HeatmapView(HeatmapViewModel viewModel, TaskExecutor executor, FileDialogs dialogs) {
    this.viewModel = viewModel;
    this.executor = executor;
    this.dialogs = dialogs;
  }

  @FXML
  private void initialize() {
    gridChart = new SlotGridChart(viewModel.grid(), "Slot selections");
    gridChart.chart().setId("heatmap-chart");
    chartHolder.getChildren().add(gridChart.chart());
    gridChart.keepCellsSquare();

    viewModel.layerCountProperty().addListener((o, a, b) -> fillLayers(b.intValue()));
    fillLayers(viewModel.layerCountProperty().get());
    layerChoice
        .valueProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null) {
                viewModel.layerProperty().set(b);
              }
            });
    viewModel.layerProperty().addListener((o, a, b) -> layerChoice.setValue(b.intValue()));
    sourceChoice.getItems().setAll(HeatmapViewModel.Source.values());
    sourceChoice.valueProperty().bindBidirectional(viewModel.sourceProperty());
    logCheck.selectedProperty().bindBidirectional(viewModel.logScaleProperty());

    windowBox
        .visibleProperty()
        .bind(
            viewModel
                .sourceProperty()
                .isEqualTo(HeatmapViewModel.Source.TRAINING)
                .and(viewModel.snapshotsProperty().greaterThan(0)));
    windowBox.managedProperty().bind(windowBox.visibleProperty());
    fromSlider.maxProperty().bind(viewModel.snapshotsProperty().subtract(1));
    toSlider.maxProperty().bind(viewModel.snapshotsProperty().subtract(1));
    fromSlider.valueProperty().bindBidirectional(viewModel.windowFromProperty());
    toSlider.valueProperty().bindBidirectional(viewModel.windowToProperty());
    windowLabel.textProperty().bind(viewModel.windowTextProperty());

    promptField.textProperty().bindBidirectional(viewModel.focus().promptProperty());
    analyzeButton.disableProperty().bind(viewModel.focus().analyzingProperty());
    promptError.textProperty().bind(viewModel.focus().errorProperty());
    summaryLabel.textProperty().bind(viewModel.summaryProperty());
    hoverLabel.textProperty().bind(viewModel.grid().hoverTextProperty());
    viewModel
        .focus()
        .highlightProperty()
        .addListener(
            (o, a, b) ->
                highlightLabel.setText(
                    b.label().isEmpty() ? "" : "red squares: slots of " + b.label()));
    gridChart.updateRanges();
    viewModel.exportMessageProperty().addListener((o, a, b) -> messageLabel.setText(b));
  }

  private void fillLayers(int layers) {
    Integer current = viewModel.layerProperty().get();
    layerChoice.getItems().setAll(IntStream.range(0, layers).boxed().toList());
    if (layers > 0) {
      layerChoice.setValue(Math.min(current, layers - 1));
    }
  }

  /** The grid chart (tests hover its cells). */
  public SlotGridChart gridChart() {
    return gridChart;
  }

  @FXML
  private void analyze() {
    viewModel.focus().analyze();
  }

  @FXML
  private void exportCsv() {
    dialogs
        .saveFile(
            "Export the heatmap's counts as CSV",
            "heatmap-layer-" + viewModel.layerProperty().get() + ".csv")
        .ifPresent(viewModel::exportCsv);
  }

  @FXML
  private void savePng() {
    dialogs
        .saveFile(
            "Save the heatmap as PNG", "heatmap-layer-" + viewModel.layerProperty().get() + ".png")
        .ifPresent(
            f ->
                ChartExport.savePngs(
                    executor, Map.of(f, gridChart.chart()), messageLabel::setText));
  }
}
