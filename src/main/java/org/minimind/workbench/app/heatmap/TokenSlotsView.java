package org.minimind.workbench.app.heatmap;

import java.util.Map;
import java.util.stream.IntStream;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import org.minimind.workbench.app.FileDialogs;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.slots.SlotGridChart;

/** Controller of {@code TokenSlots.fxml}. */
public final class TokenSlotsView {
  /** Width of one character of the table's 11 px monospaced font. */
  private static final double CHAR_WIDTH = 6.7;

  private final TokenSlotsViewModel viewModel;
  private final TaskExecutor executor;
  private final FileDialogs dialogs;
  private SlotGridChart gridChart;

  @FXML private TextField promptField;
  @FXML private Button analyzeButton;
  @FXML private ChoiceBox<Integer> gridLayerChoice;
  @FXML private Label summaryLabel;
  @FXML private Label errorLabel;
  @FXML private Label messageLabel;
  @FXML private SplitPane split;
  @FXML private TableView<TokenRow> table;
  @FXML private StackPane chartHolder;
  @FXML private Label highlightLabel;
  @FXML private Label hoverLabel;

  public TokenSlotsView(TokenSlotsViewModel viewModel, TaskExecutor executor, FileDialogs dialogs) {
    this.viewModel = viewModel;
    this.executor = executor;
    this.dialogs = dialogs;
  }

  @FXML
  private void initialize() {
    gridChart = new SlotGridChart(viewModel.grid(), "Prompt's selections");
    gridChart.chart().setId("token-grid-chart");
    gridChart.chart().setPrefSize(420, 420);
    chartHolder.getChildren().add(gridChart.chart());
    promptField.textProperty().bindBidirectional(viewModel.focus().promptProperty());
    analyzeButton.disableProperty().bind(viewModel.focus().analyzingProperty());
    summaryLabel.textProperty().bind(viewModel.summaryProperty());
    errorLabel.textProperty().bind(viewModel.focus().errorProperty());
    hoverLabel.textProperty().bind(viewModel.grid().hoverTextProperty());
    viewModel
        .focus()
        .highlightProperty()
        .addListener(
            (o, a, b) ->
                highlightLabel.setText(
                    b.label().isEmpty()
                        ? "click a token to mark its slots"
                        : "red squares: slots of " + b.label()));
    highlightLabel.setText("click a token to mark its slots");

    table.setItems(viewModel.rows());
    table.getStyleClass().add("token-table");
    // every layer's column in view: the columns share the width, their slot lists wrap
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
    table
        .getSelectionModel()
        .selectedIndexProperty()
        .addListener((o, a, b) -> viewModel.selectedTokenProperty().set(b.intValue()));
    viewModel.layerCountProperty().addListener((o, a, b) -> buildColumns(b.intValue()));
    buildColumns(viewModel.layerCountProperty().get());

    gridLayerChoice
        .valueProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null) {
                viewModel.gridLayerProperty().set(b);
              }
            });
    viewModel.messageProperty().addListener((o, a, b) -> messageLabel.setText(b));
  }

  private void buildColumns(int layers) {
    table.getColumns().clear();
    TableColumn<TokenRow, Number> pos = new TableColumn<>("#");
    pos.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().position()));
    pos.setPrefWidth(34);
    pos.setMinWidth(34);
    pos.setMaxWidth(34);
    TableColumn<TokenRow, String> piece = new TableColumn<>("token");
    piece.setCellValueFactory(c -> new ReadOnlyStringWrapper(tokenText(c.getValue())));
    piece.setPrefWidth(120);
    piece.setMinWidth(120);
    piece.setMaxWidth(120);
    table.getColumns().add(pos);
    table.getColumns().add(piece);
    for (int l = 0; l < layers; l++) {
      int layer = l;
      TableColumn<TokenRow, String> col = new TableColumn<>("layer " + l + " (slot:score)");
      col.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().layers().get(layer)));
      col.setPrefWidth(Math.max(160, 20 + CHAR_WIDTH * viewModel.cellChars()));
      col.setCellFactory(c -> new WrappingCell());
      col.setMinWidth(100);
      table.getColumns().add(col);
    }
    gridLayerChoice.getItems().setAll(IntStream.range(0, layers).boxed().toList());
    if (layers > 0) {
      gridLayerChoice.setValue(Math.min(viewModel.gridLayerProperty().get(), layers - 1));
    }
  }

  /** A cell whose text wraps within the column's width (a layer's slot list). */
  private static final class WrappingCell extends javafx.scene.control.TableCell<TokenRow, String> {
    private final javafx.scene.text.Text text = new javafx.scene.text.Text();

    WrappingCell() {
      text.getStyleClass().add("slot-text");
      text.wrappingWidthProperty().bind(widthProperty().subtract(8));
      setGraphic(text);
    }

    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      text.setText(empty || item == null ? "" : item);
    }
  }

  private static String tokenText(TokenRow row) {
    return row.piece().startsWith("#")
        ? Integer.toString(row.id())
        : "'" + row.piece() + "' " + row.id();
  }

  /** The table (tests click its rows). */
  public TableView<TokenRow> table() {
    return table;
  }

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
        .saveFile("Export the token x slot table as CSV", "token-slots.csv")
        .ifPresent(viewModel::exportCsv);
  }

  @FXML
  private void savePng() {
    dialogs
        .saveFile("Save the token x slot view as PNG", "token-slots.png")
        .ifPresent(f -> ChartExport.savePngs(executor, Map.of(f, split), messageLabel::setText));
  }
}
