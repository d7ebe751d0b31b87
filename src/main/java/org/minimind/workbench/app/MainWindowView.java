package org.minimind.workbench.app;

import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.model.DeviceChoice;

/**
 * Controller of {@code MainWindow.fxml}: menu, device selector, error banner, the views' tabs and
 * the status bar. It also starts the ~10 Hz {@link EventPump} that drains a live run's events into
 * the charts.
 */
public final class MainWindowView {
  private final MainWindowViewModel viewModel;
  private final TaskExecutor executor;
  private final FileDialogs dialogs;
  private final EventPump pump;

  @FXML private BorderPane root;
  @FXML private ComboBox<DeviceChoice> deviceCombo;
  @FXML private Label modelLabel;
  @FXML private HBox errorBanner;
  @FXML private Label errorLabel;
  @FXML private TabPane tabs;
  @FXML private Label deviceStatus;
  @FXML private Label parameterStatus;
  @FXML private Label stepStatus;
  @FXML private ProgressIndicator busyIndicator;
  @FXML private Label activityLabel;
  @FXML private Menu viewMenu;
  @FXML private Label noticeLabel;
  @FXML private CheckMenuItem darkThemeItem;

  public MainWindowView(MainWindowViewModel viewModel, TaskExecutor executor, FileDialogs dialogs) {
    this.viewModel = viewModel;
    this.executor = executor;
    this.dialogs = dialogs;
    this.pump = new EventPump(viewModel.state());
  }

  @FXML
  private void initialize() {
    deviceCombo.setItems(viewModel.devices());
    deviceCombo.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(DeviceChoice d) {
            return d == null
                ? ""
                : d == DeviceChoice.GPU ? "cuda" : d.name().toLowerCase(Locale.ROOT);
          }

          @Override
          public DeviceChoice fromString(String s) {
            return DeviceChoice.parse(s);
          }
        });
    deviceCombo.valueProperty().bindBidirectional(viewModel.state().deviceProperty());
    Tooltip deviceTip = new Tooltip();
    deviceTip.setWrapText(true);
    deviceTip.setMaxWidth(480);
    deviceTip.textProperty().bind(viewModel.deviceHintProperty());
    deviceCombo.setTooltip(deviceTip);
    modelLabel.textProperty().bind(viewModel.parameterStatusProperty());
    errorLabel.textProperty().bind(viewModel.errorProperty());
    errorBanner.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
    errorBanner.managedProperty().bind(errorBanner.visibleProperty());
    deviceStatus.textProperty().bind(viewModel.deviceStatusProperty());
    parameterStatus.textProperty().bind(viewModel.parameterStatusProperty());
    stepStatus.textProperty().bind(viewModel.stepStatusProperty());
    busyIndicator.visibleProperty().bind(viewModel.busyProperty());
    activityLabel.textProperty().bind(viewModel.activityProperty());
    noticeLabel.textProperty().bind(viewModel.noticeProperty());
    noticeLabel.visibleProperty().bind(viewModel.noticeProperty().isNotEmpty());
    noticeLabel.setTooltip(new Tooltip("click to dismiss"));
    Appearance look = viewModel.appearance();
    darkThemeItem.selectedProperty().bindBidirectional(look.darkProperty());
    Bindings.bindContent(root.getStylesheets(), look.stylesheets());
    pump.start();
  }

  /** Adds a view as a tab; its id is the title in lower case with dashes. */
  public Tab addTab(String title, Node content) {
    Tab tab = new Tab(title, content);
    tab.setId("tab-" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
    tabs.getTabs().add(tab);
    int n = tabs.getTabs().size();
    if (n <= 9) { // Ctrl+1 .. Ctrl+9 show the views in order
      MenuItem show = new MenuItem(title);
      show.setId("show-" + tab.getId());
      show.setAccelerator(KeyCombination.keyCombination("Shortcut+" + n));
      show.setOnAction(e -> tabs.getSelectionModel().select(tab));
      viewMenu.getItems().add(show);
    }
    return tab;
  }

  public TabPane tabs() {
    return tabs;
  }

  public BorderPane root() {
    return root;
  }

  /** The pump that drains worker queues into the views; others may join it. */
  public EventPump pump() {
    return pump;
  }

  /** Stops draining events (the window is closing). */
  public void stop() {
    pump.close();
  }

  @FXML
  private void openCheckpointFolder() {
    dialogs.openDirectory("Open a checkpoint folder").ifPresent(viewModel::open);
  }

  @FXML
  private void openWeightsFile() {
    dialogs.openFile("Open a weights file", "safetensors", "pth", "pt").ifPresent(viewModel::open);
  }

  @FXML
  private void openRunFolder() {
    dialogs.openDirectory("Open a training run folder").ifPresent(viewModel::open);
  }

  @FXML
  private void saveViewPng() {
    Tab tab = tabs.getSelectionModel().getSelectedItem();
    if (tab == null) {
      return;
    }
    dialogs
        .saveFile("Save the current view as PNG", tab.getId().replace("tab-", "") + ".png")
        .ifPresent(
            f ->
                ChartExport.savePngs(
                    executor,
                    Map.of(f, tab.getContent()),
                    msg -> {
                      if (msg.startsWith("wrote")) {
                        viewModel.dismissError();
                      } else {
                        viewModel.showError(msg);
                      }
                    }));
  }

  @FXML
  private void dismissNotice() {
    viewModel.dismissNotice();
  }

  @FXML
  private void largerText() {
    viewModel.appearance().larger();
  }

  @FXML
  private void smallerText() {
    viewModel.appearance().smaller();
  }

  @FXML
  private void defaultText() {
    viewModel.appearance().resetSize();
  }

  @FXML
  private void dismissError() {
    viewModel.dismissError();
  }

  @FXML
  private void quit() {
    Platform.exit();
  }
}
