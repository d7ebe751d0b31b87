package org.minimind.workbench.app.info;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;

/** Controller of {@code ModelInfo.fxml}. */
public final class ModelInfoView {
  private static final double ROW_HEIGHT = 24;

  private final ModelInfoViewModel viewModel;

  @FXML private Label headingLabel;
  @FXML private Label detailsLabel;
  @FXML private TableView<InfoRow> configTable;
  @FXML private TableView<InfoRow> parameterTable;

  public ModelInfoView(ModelInfoViewModel viewModel) {
    this.viewModel = viewModel;
  }

  @FXML
  private void initialize() {
    headingLabel.textProperty().bind(viewModel.headingProperty());
    detailsLabel.textProperty().bind(viewModel.detailsProperty());
    configTable.setItems(viewModel.configRows());
    parameterTable.setItems(viewModel.parameterRows());
    columns(configTable, "key", 120, "value", 90, 300);
    columns(parameterTable, "group", 110, "scalars", 140, 330);
  }

  private static void columns(
      TableView<InfoRow> table,
      String name,
      double nameWidth,
      String value,
      double valueWidth,
      double noteWidth) {
    TableColumn<InfoRow, String> n = new TableColumn<>(name);
    n.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
    n.setPrefWidth(nameWidth);
    TableColumn<InfoRow, String> v = new TableColumn<>(value);
    v.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().value()));
    v.setPrefWidth(valueWidth);
    v.getStyleClass().add("number-column");
    TableColumn<InfoRow, String> note = new TableColumn<>("meaning");
    note.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().note()));
    note.setPrefWidth(noteWidth);
    table.getColumns().setAll(java.util.List.of(n, v, note));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    // as tall as its rows: no empty stripes below a short table
    table.setFixedCellSize(ROW_HEIGHT);
    table
        .prefHeightProperty()
        .bind(Bindings.size(table.getItems()).multiply(ROW_HEIGHT).add(ROW_HEIGHT + 8));
    table.setMaxHeight(Region.USE_PREF_SIZE);
  }
}
