package org.minimind.workbench.app.dashboard;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import org.minimind.workbench.app.FileDialogs;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.chart.ChartFactory;
import org.minimind.workbench.app.chart.Numbers;
import org.minimind.workbench.model.MemoryVariant;
import org.minimind.workbench.run.RunDirectory;

/** Controller of {@code Dashboard.fxml}: binds the controls and charts to the view-models. */
public final class DashboardView {
  private static final int COLUMNS = 3;

  private final DashboardViewModel viewModel;
  private final TrainingViewModel training;
  private final TaskExecutor executor;
  private final FileDialogs dialogs;
  private final Map<DashboardPanel, XYChart> charts = new LinkedHashMap<>();

  @FXML private ChoiceBox<TrainingTarget> targetChoice;
  @FXML private ChoiceBox<MemoryVariant> variantChoice;
  @FXML private Spinner<Integer> stepsSpinner;
  @FXML private Spinner<Integer> logSpinner;
  @FXML private Button startButton;
  @FXML private Button pauseButton;
  @FXML private Button stopButton;
  @FXML private Button followButton;
  @FXML private Label stepLabel;
  @FXML private Label statusLabel;
  @FXML private Slider smoothingSlider;
  @FXML private Label smoothingLabel;
  @FXML private ChoiceBox<XAxis> xAxisChoice;
  @FXML private TextField filterField;
  @FXML private HBox layerToggles;
  @FXML private Label messageLabel;
  @FXML private Label gateNoteLabel;
  @FXML private TableView<RunSummary> runTable;
  @FXML private Label differencesLabel;
  @FXML private GridPane chartGrid;
  @FXML private Label summaryLabel;

  public DashboardView(
      DashboardViewModel viewModel,
      TrainingViewModel training,
      TaskExecutor executor,
      FileDialogs dialogs) {
    this.viewModel = viewModel;
    this.training = training;
    this.executor = executor;
    this.dialogs = dialogs;
  }

  @FXML
  private void initialize() {
    targetChoice.getItems().setAll(TrainingTarget.values());
    targetChoice.valueProperty().bindBidirectional(training.targetProperty());
    variantChoice.getItems().setAll(MemoryVariant.values());
    variantChoice.setConverter(
        new javafx.util.StringConverter<>() {
          @Override
          public String toString(MemoryVariant v) {
            return v == null ? "" : v.key();
          }

          @Override
          public MemoryVariant fromString(String s) {
            return MemoryVariant.parse(s);
          }
        });
    variantChoice.valueProperty().bindBidirectional(training.memoryVariantProperty());
    // The open model's variant is its own; the choice applies to presets and new runs.
    variantChoice
        .disableProperty()
        .bind(training.targetProperty().isEqualTo(TrainingTarget.OPEN_MODEL));
    stepsSpinner.setValueFactory(
        new SpinnerValueFactory.IntegerSpinnerValueFactory(
            1, 1_000_000, training.stepsProperty().get(), 50));
    stepsSpinner.valueProperty().addListener((o, a, b) -> training.stepsProperty().set(b));
    logSpinner.setValueFactory(
        new SpinnerValueFactory.IntegerSpinnerValueFactory(
            1, 10_000, training.logIntervalProperty().get()));
    logSpinner.valueProperty().addListener((o, a, b) -> training.logIntervalProperty().set(b));
    startButton.disableProperty().bind(training.runningProperty());
    pauseButton.disableProperty().bind(training.runningProperty().not());
    stopButton
        .disableProperty()
        .bind(training.runningProperty().not().and(training.followingProperty().not()));
    followButton
        .disableProperty()
        .bind(training.runningProperty().or(training.followingProperty()));
    pauseButton
        .textProperty()
        .bind(Bindings.when(training.pausedProperty()).then("Resume").otherwise("Pause"));
    stepLabel.textProperty().bind(training.stepTextProperty());
    statusLabel.textProperty().bind(training.statusProperty());

    smoothingSlider.valueProperty().bindBidirectional(viewModel.smoothingProperty());
    smoothingLabel.textProperty().bind(viewModel.smoothingProperty().asString(Locale.ROOT, "%.2f"));
    filterField.textProperty().bindBidirectional(viewModel.filterProperty());
    xAxisChoice.getItems().setAll(XAxis.values());
    xAxisChoice.valueProperty().bindBidirectional(viewModel.xAxisProperty());
    messageLabel.textProperty().bind(viewModel.messageProperty());
    gateNoteLabel.textProperty().bind(viewModel.gateNoteProperty());
    gateNoteLabel.visibleProperty().bind(viewModel.gateNoteProperty().isNotEmpty());
    gateNoteLabel.managedProperty().bind(gateNoteLabel.visibleProperty());
    summaryLabel.textProperty().bind(viewModel.summaryProperty());
    buildRunTable();
    viewModel
        .layerVisible()
        .addListener((ListChangeListener<BooleanProperty>) c -> rebuildToggles());
    rebuildToggles();
    buildCharts();
  }

  private void buildCharts() {
    for (MetricPanel p : viewModel.panels()) {
      XYChart chart = ChartFactory.lineChart(p.title(), "step", p.yLabel());
      chart.setId("chart-" + p.kind().name().toLowerCase(Locale.ROOT));
      chart.setMinSize(0, 0);
      if (p.kind().logY()) {
        ChartFactory.logAxis((DefaultNumericAxis) chart.getYAxis());
      }
      Bindings.bindContent(chart.getDatasets(), p.datasets());
      if (p.kind().rightLabel() != null) {
        ChartFactory.addRightAxis(chart, p.kind().rightLabel(), p.rightDatasets());
      }
      Axis x = chart.getXAxis();
      InvalidationListener zoom =
          o -> viewModel.zoomed(p.kind(), x.getMin(), x.getMax(), x.isAutoRanging());
      x.minProperty().addListener(zoom);
      x.maxProperty().addListener(zoom);
      x.autoRangingProperty().addListener(zoom);
      x.nameProperty().bind(viewModel.xAxisProperty().asString());
      charts.put(p.kind(), chart);
    }
    viewModel.shownPanels().addListener((ListChangeListener<MetricPanel>) c -> layOutCharts());
    layOutCharts();
  }

  /** The charts the filter lets through, three per row, filling the grid. */
  private void layOutCharts() {
    List<MetricPanel> shown = viewModel.shownPanels();
    chartGrid.getChildren().clear();
    chartGrid.getColumnConstraints().clear();
    chartGrid.getRowConstraints().clear();
    int columns = Math.max(1, Math.min(COLUMNS, shown.size()));
    for (int c = 0; c < columns; c++) {
      ColumnConstraints cc = new ColumnConstraints();
      cc.setPercentWidth(100.0 / columns);
      chartGrid.getColumnConstraints().add(cc);
    }
    int rows = Math.max(1, (shown.size() + columns - 1) / columns);
    for (int r = 0; r < rows; r++) {
      RowConstraints rc = new RowConstraints();
      rc.setPercentHeight(100.0 / rows);
      rc.setVgrow(Priority.ALWAYS);
      chartGrid.getRowConstraints().add(rc);
    }
    for (int i = 0; i < shown.size(); i++) {
      chartGrid.add(charts.get(shown.get(i).kind()), i % columns, i / columns);
    }
  }

  /** The compared runs, one row each in the colour of its lines; shown only while comparing. */
  private void buildRunTable() {
    TableColumn<RunSummary, String> colour = new TableColumn<>("");
    colour.setCellValueFactory(r -> new ReadOnlyStringWrapper(r.getValue().colour()));
    colour.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                  setGraphic(null);
                } else {
                  Region swatch = new Region();
                  swatch.getStyleClass().add("run-swatch");
                  swatch.setStyle("-fx-background-color: " + item + ";");
                  setGraphic(swatch);
                }
              }
            });
    colour.setPrefWidth(30);
    runTable
        .getColumns()
        .setAll(
            List.of(
                colour,
                textColumn("run", 180, RunSummary::name),
                textColumn("memory", 90, RunSummary::variant),
                textColumn("preset", 70, RunSummary::preset),
                textColumn("lr", 80, r -> Numbers.readable(r.lr())),
                textColumn("steps", 70, r -> Long.toString(r.steps())),
                textColumn("best val loss", 100, r -> Numbers.readable(r.bestValLoss()))));
    runTable.setItems(viewModel.runTable());
    runTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    runTable.setFixedCellSize(22);
    runTable.prefHeightProperty().bind(Bindings.size(viewModel.runTable()).add(1.3).multiply(22));
    runTable.visibleProperty().bind(Bindings.isNotEmpty(viewModel.runTable()));
    runTable.managedProperty().bind(runTable.visibleProperty());
    differencesLabel.textProperty().bind(viewModel.differencesProperty());
    differencesLabel.visibleProperty().bind(viewModel.differencesProperty().isNotEmpty());
    differencesLabel.managedProperty().bind(differencesLabel.visibleProperty());
  }

  private static TableColumn<RunSummary, String> textColumn(
      String title, double width, java.util.function.Function<RunSummary, String> value) {
    TableColumn<RunSummary, String> c = new TableColumn<>(title);
    c.setCellValueFactory(r -> new ReadOnlyStringWrapper(value.apply(r.getValue())));
    c.setPrefWidth(width);
    c.setSortable(false);
    return c;
  }

  private void rebuildToggles() {
    layerToggles.getChildren().clear();
    List<BooleanProperty> layers = viewModel.layerVisible();
    for (int i = 0; i < layers.size(); i++) {
      CheckBox box = new CheckBox(Integer.toString(i));
      box.setId("layer-toggle-" + i);
      box.selectedProperty().bindBidirectional(layers.get(i));
      layerToggles.getChildren().add(box);
    }
  }

  /** The chart of a panel (for tests and the screenshot mode). */
  public XYChart chart(DashboardPanel panel) {
    return charts.get(panel);
  }

  @FXML
  private void start() {
    if (training.targetProperty().get().corpus()) {
      String name =
          "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      dialogs
          .openDirectory("Folder to create the run " + name + " in")
          .ifPresent(dir -> training.startNewRun(dir.resolve(name)));
    } else {
      training.start();
    }
  }

  @FXML
  private void togglePause() {
    training.togglePause();
  }

  @FXML
  private void stop() {
    training.stop();
  }

  @FXML
  private void follow() {
    dialogs.openDirectory("Follow a training run folder").ifPresent(training::follow);
  }

  @FXML
  private void compare() {
    dialogs.openDirectory("Add a run directory for comparison").ifPresent(viewModel::compare);
  }

  @FXML
  private void clearComparison() {
    viewModel.clearComparison();
  }

  @FXML
  private void exportPng() {
    dialogs
        .openDirectory("Folder for the chart PNGs")
        .ifPresent(
            dir -> {
              Map<Path, Node> nodes = new LinkedHashMap<>();
              charts.forEach(
                  (panel, chart) ->
                      nodes.put(
                          dir.resolve(panel.name().toLowerCase(Locale.ROOT) + ".png"), chart));
              ChartExport.savePngs(executor, nodes, viewModel::setMessage);
            });
  }

  @FXML
  private void exportCsv() {
    dialogs
        .saveFile("Export metrics as CSV", RunDirectory.metricsFileName())
        .ifPresent(viewModel::exportCsv);
  }
}
