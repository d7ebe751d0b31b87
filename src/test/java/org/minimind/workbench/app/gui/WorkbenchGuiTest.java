package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.app.FileDialogs;
import org.minimind.workbench.app.FxTaskExecutor;
import org.minimind.workbench.app.ViewLoader;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.WorkbenchApp;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.dashboard.TrainingTarget;
import org.minimind.workbench.app.run.RunDirectoryReader;
import org.minimind.workbench.app.screenshot.HeadlessFx;
import org.minimind.workbench.app.slots.SlotGridModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench window, headless (Monocle): opens on a fixture checkpoint, switches layers, hovers
 * a heatmap cell, clicks a token, starts and stops a short training run, shows errors in the
 * banner. Writes a PNG per step to {@code target/screenshots/}.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchGuiTest {
  static {
    HeadlessFx.configure();
  }

  private static final Path SHOTS = Path.of("target", "screenshots");

  private final FxTaskExecutor executor = new FxTaskExecutor();
  private Workbench workbench;

  @Start
  void start(Stage stage) {
    workbench = new Workbench(executor, FileDialogs.NONE, new RunDirectoryReader());
    Scene scene = new Scene(workbench.root(), WorkbenchApp.WIDTH, WorkbenchApp.HEIGHT);
    scene.getStylesheets().add(ViewLoader.stylesheet());
    stage.setScene(scene);
    stage.show();
    workbench.start(Fixtures.dir("seed-wide"));
  }

  @AfterEach
  void close() throws Exception {
    HeadlessFx.run(workbench::close);
  }

  private void idle() throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(
        executor.awaitIdle(Duration.ofSeconds(60)), "still running: " + executor.runningTasks());
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void shoot(String name) throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    var image =
        HeadlessFx.call(() -> ChartExport.snapshot(workbench.root()), Duration.ofSeconds(30));
    ChartExport.writePng(image, SHOTS.resolve(name + ".png"));
  }

  private javafx.scene.Node selectedView() {
    return workbench.mainView().tabs().getSelectionModel().getSelectedItem().getContent();
  }

  @Test
  void keyboardShortcutsSwitchViewsThemeAndTextSize(FxRobot robot) throws Exception {
    idle();
    javafx.scene.control.TabPane tabs = workbench.mainView().tabs();
    robot
        .press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.DIGIT3)
        .release(javafx.scene.input.KeyCode.DIGIT3, javafx.scene.input.KeyCode.CONTROL);
    idle();
    assertEquals(2, tabs.getSelectionModel().getSelectedIndex(), "Ctrl+3: the third view");

    Label params = robot.lookup(".status-bar .label").nth(1).queryAs(Label.class);
    double before = params.getFont().getSize();
    robot
        .press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.EQUALS)
        .release(javafx.scene.input.KeyCode.EQUALS, javafx.scene.input.KeyCode.CONTROL);
    idle();
    assertEquals(before * 1.1, params.getFont().getSize(), 0.05, "Ctrl+=: larger text");

    var light =
        HeadlessFx.call(() -> ChartExport.snapshot(workbench.root()), Duration.ofSeconds(30));
    robot
        .press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.D)
        .release(javafx.scene.input.KeyCode.D, javafx.scene.input.KeyCode.CONTROL);
    idle();
    var dark =
        HeadlessFx.call(() -> ChartExport.snapshot(workbench.root()), Duration.ofSeconds(30));
    assertTrue(
        brightness(dark) < brightness(light) - 0.3,
        "Ctrl+D: the dark theme (mean brightness "
            + brightness(light)
            + " -> "
            + brightness(dark)
            + ")");
    shoot("gui-dark");
  }

  /** Mean brightness of an image in [0, 1]. */
  private static double brightness(java.awt.image.BufferedImage image) {
    double sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        sum += (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / (3 * 255.0);
      }
    }
    return sum / ((double) image.getWidth() * image.getHeight());
  }

  @Test
  void opensOnAFixtureCheckpoint(FxRobot robot) throws Exception {
    idle();
    Label params = robot.lookup(".status-bar .label").nth(1).queryAs(Label.class);
    assertTrue(params.getText().startsWith("seed-wide: 223.1K parameters"), params.getText());
    robot.clickOn("Model");
    idle();
    assertTrue(robot.lookup(".heading-label").queryAs(Label.class).getText().contains("seed-wide"));
    shoot("gui-model");
  }

  @Test
  void switchesLayersAndDescribesTheHoveredCell(FxRobot robot) throws Exception {
    idle();
    robot.clickOn("Memory heatmap");
    idle();
    @SuppressWarnings("unchecked")
    ChoiceBox<Integer> layers =
        robot.from(selectedView()).lookup("#layerChoice").queryAs(ChoiceBox.class);
    assertEquals(3, layers.getItems().size());
    robot.interact(() -> layers.setValue(2));
    idle();
    assertEquals(2, workbench.heatmapViewModel().layerProperty().get());
    assertTrue(workbench.heatmapViewModel().summaryProperty().get().startsWith("layer 2, prompt"));

    SlotGridModel grid = workbench.heatmapViewModel().grid();
    int[] counts = grid.counts();
    int slot = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > counts[slot]) {
        slot = i;
      }
    }
    int side = grid.side();
    int target = slot;
    Point2D scene =
        HeadlessFx.call(
            () -> workbench.heatmapView().gridChart().toScene(target % side, target / side),
            Duration.ofSeconds(5));
    Point2D screen =
        HeadlessFx.call(
            () ->
                workbench.heatmapView().gridChart().chart().getScene().getWindow() == null
                    ? scene
                    : new Point2D(
                        scene.getX()
                            + workbench.root().getScene().getWindow().getX()
                            + workbench.root().getScene().getX(),
                        scene.getY()
                            + workbench.root().getScene().getWindow().getY()
                            + workbench.root().getScene().getY()),
            Duration.ofSeconds(5));
    robot.moveTo(screen);
    WaitForAsyncUtils.waitForFxEvents();
    String expected =
        "slot "
            + slot
            + " (row "
            + slot / side
            + ", column "
            + slot % side
            + "): "
            + counts[slot]
            + " selection";
    String tooltip = workbench.heatmapView().gridChart().tooltip().getText();
    assertTrue(tooltip.startsWith(expected), "tooltip '" + tooltip + "', expected " + expected);
    Label hover = robot.from(selectedView()).lookup(".hover-label").queryAs(Label.class);
    assertEquals(tooltip, hover.getText());
    shoot("gui-heatmap-hover");
  }

  @Test
  void clickingATokenHighlightsItsSlots(FxRobot robot) throws Exception {
    idle();
    robot.clickOn("Token x slot");
    idle();
    robot.moveTo(workbench.tokenSlotsView().table()); // let the table settle under the pointer
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.Node row =
        robot
            .from(workbench.tokenSlotsView().table())
            .lookup(".table-row-cell")
            .match(n -> n.isVisible() && ((javafx.scene.control.TableRow<?>) n).getIndex() == 2)
            .query();
    robot.clickOn(row);
    idle();
    assertEquals(2, workbench.tokenSlotsViewModel().selectedTokenProperty().get());
    int k = workbench.state().model().config().numSelected();
    assertEquals(k, workbench.tokenSlotsViewModel().grid().highlight().getDataCount());
    assertTrue(workbench.focus().highlightProperty().get().label().startsWith("token 2"));
    shoot("gui-token-slots");
  }

  @Test
  void startsAndStopsATrainingRun(FxRobot robot) throws Exception {
    idle();
    robot.interact(
        () -> {
          workbench.training().targetProperty().set(TrainingTarget.TINY);
          workbench.training().stepsProperty().set(1000);
        });
    robot.clickOn((javafx.scene.Node) robot.from(selectedView()).lookup("#startButton").query());
    WaitForAsyncUtils.waitFor(
        60, TimeUnit.SECONDS, () -> workbench.state().currentStepProperty().get() >= 3);
    Label step = robot.from(selectedView()).lookup("#stepLabel").queryAs(Label.class);
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(
        step.getText().matches("step \\d+") && !step.getText().equals("step 0"), step.getText());
    robot.clickOn((javafx.scene.Node) robot.from(selectedView()).lookup("#stopButton").query());
    WaitForAsyncUtils.waitFor(
        60, TimeUnit.SECONDS, () -> !workbench.training().runningProperty().get());
    idle();
    long stopped = workbench.state().currentStepProperty().get();
    assertTrue(stopped >= 3 && stopped < 1000, "stopped at " + stopped);
    assertTrue(
        workbench.training().statusProperty().get().startsWith("stopped at step"),
        workbench.training().statusProperty().get());
    assertEquals("step " + stopped, step.getText());
    assertFalse(
        workbench
            .dashboardViewModel()
            .panel(org.minimind.workbench.app.dashboard.DashboardPanel.LOSS)
            .datasets()
            .isEmpty());
    shoot("gui-dashboard-training");
  }

  @Test
  void generatesAndDescribesTheHoveredToken(FxRobot robot) throws Exception {
    idle();
    robot.clickOn("Generation");
    robot.interact(() -> workbench.generationViewModel().maxTokensProperty().set(6));
    robot.clickOn((javafx.scene.Node) robot.from(selectedView()).lookup("#generateButton").query());
    WaitForAsyncUtils.waitFor(
        60, TimeUnit.SECONDS, () -> !workbench.generationViewModel().runningProperty().get());
    idle();
    assertFalse(
        workbench.generationViewModel().tokens().isEmpty(),
        workbench.generationViewModel().statusProperty().get());
    javafx.scene.Node token = robot.from(selectedView()).lookup("#token-1").query();
    robot.moveTo(token);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(1, workbench.generationViewModel().hoveredProperty().get());
    assertTrue(workbench.generationViewModel().detailsProperty().get().startsWith("token 1 "));
    assertTrue(workbench.focus().highlightProperty().get().label().startsWith("generated token 1"));
    shoot("gui-generation");
  }

  @Test
  void aFailedOpenShowsAMessageInTheBanner(FxRobot robot) throws Exception {
    idle();
    robot.interact(() -> workbench.mainViewModel().open(Path.of("/no/such/model.safetensors")));
    idle();
    Label banner = robot.lookup(".error-banner-text").queryAs(Label.class);
    assertTrue(banner.isVisible());
    assertTrue(
        banner.getText().startsWith("cannot open /no/such/model.safetensors"), banner.getText());
    assertTrue(workbench.state().model() != null, "the open model stays");
    shoot("gui-error-banner");
    assertTrue(banner.getParent().isVisible());
    robot.clickOn("Dismiss");
    WaitForAsyncUtils.waitForFxEvents();
    assertFalse(banner.getParent().isVisible());
  }
}
