package org.minimind.workbench.app.generation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.minimind.workbench.app.FileDialogs;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.slots.SlotGridChart;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.generate.GeneratedToken;
import org.minimind.workbench.slots.InterventionComparison;

/**
 * Controller of {@code Generation.fxml}: one label per generated token, hover for details; with an
 * intervention, the baseline and the intervened text side by side.
 */
public final class GenerationView {
  private static final PseudoClass HOVERED = PseudoClass.getPseudoClass("hovered-token");

  private final GenerationViewModel viewModel;
  private final TaskExecutor executor;
  private final FileDialogs dialogs;
  private SlotGridChart gridChart;

  @FXML private TextField promptField;
  @FXML private Button generateButton;
  @FXML private Button stopGenerationButton;
  @FXML private Slider temperatureSlider;
  @FXML private Label temperatureLabel;
  @FXML private Slider topPSlider;
  @FXML private Label topPLabel;
  @FXML private Slider topKSlider;
  @FXML private Label topKLabel;
  @FXML private Slider penaltySlider;
  @FXML private Label penaltyLabel;
  @FXML private Spinner<Integer> maxTokensSpinner;
  @FXML private TextField seedField;
  @FXML private Label speedLabel;
  @FXML private Label statusLabel;
  @FXML private SplitPane split;
  @FXML private ScrollPane tokensScroll;
  @FXML private FlowPane tokensPane;
  @FXML private Label detailsLabel;
  @FXML private ChoiceBox<Integer> layerChoice;
  @FXML private StackPane chartHolder;
  @FXML private TextField ablateField;
  @FXML private ChoiceBox<Intervention.Mode> ablateModeChoice;
  @FXML private TextField layersOffField;
  @FXML private TextField forceField;
  @FXML private Label interventionErrorLabel;
  @FXML private HBox comparisonBox;
  @FXML private FlowPane baselinePane;
  @FXML private FlowPane intervenedPane;
  @FXML private Label intervenedTitle;
  @FXML private ScrollPane detailsScroll;
  @FXML private HBox gridLayerRow;

  public GenerationView(GenerationViewModel viewModel, TaskExecutor executor, FileDialogs dialogs) {
    this.viewModel = viewModel;
    this.executor = executor;
    this.dialogs = dialogs;
  }

  @FXML
  private void initialize() {
    promptField.textProperty().bindBidirectional(viewModel.promptProperty());
    InterventionForm form = viewModel.intervention();
    generateButton
        .disableProperty()
        .bind(viewModel.runningProperty().or(form.errorProperty().isNotEmpty()));
    ablateField.textProperty().bindBidirectional(form.ablateProperty());
    layersOffField.textProperty().bindBidirectional(form.layersOffProperty());
    forceField.textProperty().bindBidirectional(form.forceProperty());
    ablateModeChoice.getItems().setAll(Intervention.Mode.values());
    ablateModeChoice.setConverter(ComparisonPane.MODE_NAMES);
    ablateModeChoice.valueProperty().bindBidirectional(form.modeProperty());
    interventionErrorLabel.textProperty().bind(form.errorProperty());
    viewModel.comparisonProperty().addListener((o, a, b) -> showComparison(b));
    stopGenerationButton.disableProperty().bind(viewModel.runningProperty().not());
    temperatureSlider.valueProperty().bindBidirectional(viewModel.temperatureProperty());
    temperatureLabel
        .textProperty()
        .bind(viewModel.temperatureProperty().asString(Locale.ROOT, "%.2f"));
    topPSlider.valueProperty().bindBidirectional(viewModel.topPProperty());
    topPLabel.textProperty().bind(viewModel.topPProperty().asString(Locale.ROOT, "%.2f"));
    topKSlider.valueProperty().bindBidirectional(viewModel.topKProperty());
    topKLabel
        .textProperty()
        .bind(viewModel.topKProperty().asString().map(v -> v.equals("0") ? "off" : v));
    penaltySlider.valueProperty().bindBidirectional(viewModel.repetitionPenaltyProperty());
    penaltyLabel
        .textProperty()
        .bind(viewModel.repetitionPenaltyProperty().asString(Locale.ROOT, "%.2f"));
    maxTokensSpinner.setValueFactory(
        new SpinnerValueFactory.IntegerSpinnerValueFactory(
            1, 4096, viewModel.maxTokensProperty().get(), 16));
    maxTokensSpinner.valueProperty().addListener((o, a, b) -> viewModel.maxTokensProperty().set(b));
    viewModel
        .maxTokensProperty()
        .addListener((o, a, b) -> maxTokensSpinner.getValueFactory().setValue(b.intValue()));
    viewModel
        .shownPromptProperty()
        .addListener(
            (o, a, b) -> {
              Label prompt = new Label(GenerationViewModel.visible(b));
              prompt.getStyleClass().add("prompt-label");
              tokensPane.getChildren().setAll(prompt);
            });
    seedField.textProperty().bindBidirectional(viewModel.seedProperty());
    speedLabel.textProperty().bind(viewModel.speedProperty());
    speedLabel.managedProperty().bind(speedLabel.textProperty().isNotEmpty());
    statusLabel.textProperty().bind(viewModel.statusProperty());
    detailsLabel
        .textProperty()
        .bind(
            viewModel
                .detailsProperty()
                .map(
                    d ->
                        d.isEmpty()
                            ? "hover a generated token: its probability, the five most likely alternatives and the"
                                + " memory slots read to predict it (framed on the heatmaps). The redder a token, the"
                                + " less likely it was: black at p = 1, red at p = 0.001 and below"
                            : d));

    gridChart = new SlotGridChart(viewModel.grid(), "");
    gridChart.chart().setId("generation-grid-chart");
    gridChart.chart().setPrefSize(380, 360);
    gridChart.chart().setMinSize(0, 0);
    chartHolder.getChildren().add(gridChart.chart());
    // a secondary click rather than the context-menu event, which the headless platform never sends
    gridChart
        .chart()
        .getCanvas()
        .addEventHandler(
            MouseEvent.MOUSE_CLICKED,
            e -> {
              if (e.getButton() != MouseButton.SECONDARY || !e.isStillSincePress()) {
                return;
              }
              Point2D at = gridChart.toData(e.getSceneX(), e.getSceneY());
              int slot = viewModel.grid().slotAt(at.getX(), at.getY());
              if (slot >= 0) {
                SlotRef ref = new SlotRef(viewModel.grid().layer(), slot);
                MenuItem item =
                    new MenuItem(
                        "Ablate slot " + ref.layer() + ":" + ref.slot() + " in generation");
                item.setOnAction(x -> viewModel.ablate(ref));
                new ContextMenu(item)
                    .show(gridChart.chart().getCanvas(), e.getScreenX(), e.getScreenY());
              }
            });
    layerChoice
        .valueProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null) {
                viewModel.gridLayerProperty().set(b);
              }
            });

    viewModel
        .tokens()
        .addListener(
            (ListChangeListener<GeneratedToken>)
                c -> {
                  while (c.next()) {
                    if (c.wasAdded()) {
                      for (GeneratedToken t : c.getAddedSubList()) {
                        tokensPane.getChildren().add(tokenLabel(t));
                      }
                      fillLayers(c.getAddedSubList().get(0).memory().layers().size());
                    }
                  }
                  tokensScroll.setVvalue(1.0);
                });
    viewModel
        .hoveredProperty()
        .addListener(
            (o, a, b) -> {
              for (var node : tokensPane.getChildren()) {
                node.pseudoClassStateChanged(
                    HOVERED, node.getId() != null && node.getId().equals("token-" + b));
              }
            });
  }

  private Label tokenLabel(GeneratedToken t) {
    Label l = new Label(GenerationViewModel.visible(viewModel.pieceOf(t)));
    l.getStyleClass().add("token-label");
    l.setStyle("-fx-text-fill: " + GenerationViewModel.surpriseColour(t.probability()) + ";");
    l.setId("token-" + t.index());
    l.setOnMouseEntered(e -> viewModel.hover(t.index()));
    return l;
  }

  private void showComparison(InterventionComparison.Result r) {
    boolean on = r != null;
    comparisonBox.setVisible(on);
    tokensScroll.setVisible(!on);
    // a comparison reads no slots to count: its list of changes takes the grid's place
    for (var node : List.of(gridLayerRow, chartHolder)) {
      node.setVisible(!on);
      node.setManaged(!on);
    }
    VBox.setVgrow(detailsScroll, on ? Priority.ALWAYS : Priority.NEVER);
    if (r == null) {
      return;
    }
    intervenedTitle.setText("intervened: " + r.intervention());
    String prompt = viewModel.shownPromptProperty().get();
    ComparisonPane.fill(baselinePane, prompt, viewModel.pieces(r, false), r, false, i -> {});
    ComparisonPane.fill(
        intervenedPane, prompt, viewModel.pieces(r, true), r, true, viewModel::hoverChange);
  }

  private void fillLayers(int layers) {
    if (layerChoice.getItems().size() != layers) {
      layerChoice.getItems().setAll(IntStream.range(0, layers).boxed().toList());
      layerChoice.setValue(Math.min(viewModel.gridLayerProperty().get(), layers - 1));
    }
  }

  /** The grid of the slots the generation read (tests right-click its cells). */
  public SlotGridChart gridChart() {
    return gridChart;
  }

  /** The pane holding one label per generated token (tests hover them). */
  public FlowPane tokensPane() {
    return tokensPane;
  }

  @FXML
  private void generate() {
    viewModel.generate();
  }

  @FXML
  private void stop() {
    viewModel.stop();
  }

  @FXML
  private void savePng() {
    dialogs
        .saveFile("Save the generation view as PNG", "generation.png")
        .ifPresent(f -> ChartExport.savePngs(executor, Map.of(f, split), viewModel::report));
  }
}
