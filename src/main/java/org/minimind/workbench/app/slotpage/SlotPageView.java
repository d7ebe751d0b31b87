package org.minimind.workbench.app.slotpage;

import io.fair_acc.chartfx.XYChart;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.minimind.workbench.app.chart.ChartFactory;
import org.minimind.workbench.app.slotpage.SlotPageViewModel.IndexState;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.slots.ContextText;
import org.minimind.workbench.slots.TokenQuery;

/**
 * Controller of {@code SlotPage.fxml}: binds the page's labels, draws the contexts as one text line
 * each with the selecting token marked, the rising and falling tokens, the history chart and the
 * reverse lookup's slots as links that open them.
 */
public final class SlotPageView {
  private final SlotPageViewModel viewModel;
  private XYChart historyChart;

  @FXML private TextField slotField;
  @FXML private Label inputError;
  @FXML private Button ablateButton;
  @FXML private Label indexStatus;
  @FXML private Button buildButton;
  @FXML private ProgressBar buildProgress;
  @FXML private Button cancelButton;
  @FXML private Label titleLabel;
  @FXML private Label countLabel;
  @FXML private Label shareLabel;
  @FXML private Label rankLabel;
  @FXML private Label gridLabel;
  @FXML private Canvas miniGrid;
  @FXML private VBox contextBox;
  @FXML private Label notesLabel;
  @FXML private VBox risesBox;
  @FXML private VBox fallsBox;
  @FXML private Label effectsNote;
  @FXML private StackPane historyHolder;
  @FXML private Label historyNote;
  @FXML private Label driftLabel;
  @FXML private Label tokenIdsLabel;
  @FXML private TextField queryField;
  @FXML private Label queryNote;
  @FXML private VBox queryBox;

  public SlotPageView(SlotPageViewModel viewModel) {
    this.viewModel = viewModel;
  }

  @FXML
  private void initialize() {
    slotField.textProperty().bindBidirectional(viewModel.inputProperty());
    inputError.textProperty().bind(viewModel.inputErrorProperty());
    ablateButton.disableProperty().bind(viewModel.shownProperty().isNull());
    indexStatus.textProperty().bind(viewModel.indexStatusProperty());
    showWhen(
        buildButton,
        viewModel
            .indexStateProperty()
            .isEqualTo(IndexState.MISSING)
            .or(viewModel.indexStateProperty().isEqualTo(IndexState.FAILED)));
    var building = viewModel.indexStateProperty().isEqualTo(IndexState.BUILDING);
    showWhen(buildProgress, building);
    showWhen(cancelButton, building);
    buildProgress.progressProperty().bind(viewModel.buildProgressProperty());
    titleLabel.textProperty().bind(viewModel.titleProperty());
    countLabel.textProperty().bind(viewModel.countProperty());
    shareLabel.textProperty().bind(viewModel.shareProperty());
    rankLabel.textProperty().bind(viewModel.rankProperty());
    gridLabel.textProperty().bind(viewModel.gridProperty());
    notesLabel.textProperty().bind(viewModel.notesProperty());
    effectsNote.textProperty().bind(viewModel.effectsNoteProperty());
    historyNote.textProperty().bind(viewModel.historyNoteProperty());
    driftLabel.textProperty().bind(viewModel.driftProperty());
    tokenIdsLabel.textProperty().bind(viewModel.tokenIdsProperty());
    queryField.textProperty().bindBidirectional(viewModel.queryProperty());
    queryNote.textProperty().bind(viewModel.queryNoteProperty());

    historyChart =
        ChartFactory.lineChart("Selections per training snapshot", ChartFactory.STEP, "selections");
    historyChart.setId("slot-history");
    historyChart.setLegendVisible(false);
    historyChart.getDatasets().add(viewModel.history());
    historyChart.setPrefSize(520, 200);
    historyChart.setMinSize(0, 0);
    historyHolder.getChildren().add(historyChart);

    viewModel.contexts().addListener((ListChangeListener<ContextText>) c -> drawContexts());
    viewModel
        .rises()
        .addListener(
            (ListChangeListener<SlotPageViewModel.Effect>)
                c -> drawEffects(risesBox, "probability rises most", viewModel.rises()));
    viewModel
        .falls()
        .addListener(
            (ListChangeListener<SlotPageViewModel.Effect>)
                c -> drawEffects(fallsBox, "probability falls most", viewModel.falls()));
    viewModel
        .queryResults()
        .addListener((ListChangeListener<SlotPageViewModel.LayerSlots>) c -> drawQuery());
    viewModel.pageProperty().addListener((o, a, b) -> drawMiniGrid());
    drawMiniGrid();
    drawContexts();
    drawEffects(risesBox, "probability rises most", viewModel.rises());
    drawEffects(fallsBox, "probability falls most", viewModel.falls());
  }

  private static void showWhen(
      javafx.scene.Node node, javafx.beans.value.ObservableBooleanValue when) {
    node.visibleProperty().bind(when);
    node.managedProperty().bind(when);
  }

  /** The key grid in small, the slot's cell marked where its row and column cross. */
  private void drawMiniGrid() {
    GraphicsContext g = miniGrid.getGraphicsContext2D();
    double w = miniGrid.getWidth();
    double h = miniGrid.getHeight();
    g.clearRect(0, 0, w, h);
    var page = viewModel.pageProperty().get();
    miniGrid.setVisible(page != null);
    if (page == null) {
      return;
    }
    int side = viewModel.report().index().header().gridSide();
    double x = 1 + (page.slot().column() + 0.5) / side * (w - 2);
    double y = 1 + (page.slot().row() + 0.5) / side * (h - 2);
    g.setFill(Color.rgb(128, 144, 160, 0.15));
    g.fillRect(0.5, 0.5, w - 1, h - 1);
    g.setStroke(Color.rgb(128, 144, 160, 0.5));
    g.setLineWidth(1);
    g.strokeLine(x, 1, x, h - 1);
    g.strokeLine(1, y, w - 1, y);
    g.setStroke(Color.rgb(128, 144, 160));
    g.strokeRect(0.5, 0.5, w - 1, h - 1);
    g.setFill(Color.web("#d62728"));
    g.fillOval(x - 3, y - 3, 6, 6);
  }

  /**
   * One line per context: its score, the text before, the selecting token marked, the text after.
   */
  private void drawContexts() {
    contextBox.getChildren().clear();
    for (ContextText c : viewModel.contexts()) {
      Text score = text(String.format(Locale.ROOT, "%.3f  ", c.score()), "context-score");
      Text before = text(oneLine(c.before()), "context-text");
      Text token = text(oneLine(c.token()), "context-token");
      Text after = text(oneLine(c.after()), "context-text");
      TextFlow line = new TextFlow(score, before, token, after);
      line.getStyleClass().add("context-line");
      contextBox.getChildren().add(line);
    }
  }

  private static Text text(String s, String styleClass) {
    Text t = new Text(s);
    t.getStyleClass().add(styleClass);
    return t;
  }

  /** Line breaks of the corpus shown as a visible mark, so that each context stays one line. */
  static String oneLine(String s) {
    return s.replace("\r", "").replace('\n', '⏎');
  }

  private static void drawEffects(
      VBox box, String heading, List<SlotPageViewModel.Effect> effects) {
    box.getChildren().clear();
    Label h = new Label(heading);
    h.getStyleClass().add("effect-heading");
    box.getChildren().add(h);
    for (SlotPageViewModel.Effect e : effects) {
      Label token = new Label(oneLine(e.token()));
      token.getStyleClass().add("effect-token");
      Label change = new Label(SlotPageText.change(e.meanDelta()));
      change.getStyleClass().add(e.meanDelta() > 0 ? "effect-rise" : "effect-fall");
      box.getChildren().add(new HBox(8, token, change));
    }
  }

  private void drawQuery() {
    queryBox.getChildren().clear();
    for (SlotPageViewModel.LayerSlots row : viewModel.queryResults()) {
      HBox line = new HBox(4);
      line.getStyleClass().add("query-line");
      line.getChildren().add(new Label("layer " + row.layer() + ":"));
      for (TokenQuery.SlotHits h : row.slots()) {
        Hyperlink link = new Hyperlink(h.slot() + " (" + h.count() + ")");
        link.setOnAction(e -> viewModel.show(new SlotRef(row.layer(), h.slot())));
        line.getChildren().add(link);
      }
      queryBox.getChildren().add(line);
    }
  }

  public XYChart historyChart() {
    return historyChart;
  }

  @FXML
  private void openTyped() {
    viewModel.openTyped();
  }

  @FXML
  private void ablate() {
    viewModel.ablate();
  }

  @FXML
  private void buildIndex() {
    viewModel.buildIndex();
  }

  @FXML
  private void cancelBuild() {
    viewModel.cancelBuild();
  }

  @FXML
  private void lookUp() {
    viewModel.lookUp();
  }
}
