package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.minimind.workbench.app.FxTaskExecutor;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.Readouts;
import org.minimind.workbench.app.ViewLoader;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.WorkbenchApp;
import org.minimind.workbench.app.chart.ChartExport;
import org.minimind.workbench.app.generation.GenerationViewModel;
import org.minimind.workbench.app.run.RunDirectoryReader;
import org.minimind.workbench.app.screenshot.HeadlessFx;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.generate.GenerationSettings;
import org.minimind.workbench.model.generate.SamplingSettings;
import org.minimind.workbench.slots.InterventionComparison;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the workbench window headless (Monocle) as a user would: clicks tabs, menus and buttons,
 * types, hovers. It puts a {@link Workbench} on TestFX's primary stage at the window's size, in the
 * top-left corner of the headless screen, with {@link Readouts#fixed fixed readouts} (no measured
 * times or absolute paths on screen) so that its screenshots can be compared with golden images;
 * file dialogs answer what the test {@link #willChoose scripted}.
 */
final class WorkbenchDriver extends FxRobot implements AutoCloseable {
  /** The sample model (small preset, with its run's metrics, slot counts and drift). */
  static final Path SAMPLE_MODEL = Path.of("sample-models", "minimind-memory-small");

  /** A few dozen steps of the tiny preset, trimmed (see its README). */
  static final Path TINY_RUN = Path.of("src", "test", "resources", "ui", "tiny-run");

  /** Where the pointer rests when a test does not use it: on the screen, off the window. */
  private static final Point2D REST =
      new Point2D(WorkbenchApp.WIDTH + 200, WorkbenchApp.HEIGHT + 100);

  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

  /** Snapshots taken at most while waiting for the window to stop changing. */
  private static final int SETTLE_ATTEMPTS = 10;

  private final FxTaskExecutor executor = new FxTaskExecutor();
  private final ScriptedDialogs dialogs = new ScriptedDialogs();
  private Workbench workbench;

  private WorkbenchDriver() {}

  /**
   * Opens the window with {@code initial} (a checkpoint or run directory; null for none) being
   * loaded, as the application does on start, and waits until it is loaded.
   */
  static WorkbenchDriver start(Path initial) throws Exception {
    HeadlessFx.configure();
    FxToolkit.registerPrimaryStage();
    WorkbenchDriver d = new WorkbenchDriver();
    FxToolkit.setupStage(stage -> d.show(stage, initial));
    d.moveTo(REST);
    d.idle();
    return d;
  }

  private void show(Stage stage, Path initial) {
    workbench = new Workbench(executor, dialogs, new RunDirectoryReader());
    workbench.state().setReadouts(Readouts.fixed(Path.of("")));
    Scene scene = new Scene(workbench.root(), WorkbenchApp.WIDTH, WorkbenchApp.HEIGHT);
    scene.getStylesheets().add(ViewLoader.stylesheet());
    stage.setScene(scene);
    stage.setX(0);
    stage.setY(0);
    stage.show();
    stage.toFront();
    workbench.start(initial);
  }

  /**
   * Starts, from the dashboard, a tiny-preset run on random tokens long enough to outlast any
   * measurement (100,000 steps), as a researcher would.
   */
  org.minimind.workbench.app.WorkbenchState startLongTinyRun() throws Exception {
    showTab(Workbench.DASHBOARD);
    choose(
        this.<javafx.scene.control.ChoiceBox<?>>inView("#targetChoice"),
        org.minimind.workbench.app.dashboard.TrainingTarget.TINY.toString());
    javafx.scene.control.Spinner<Integer> steps = inView("#stepsSpinner");
    typeInto(steps.getEditor(), "100000");
    type(javafx.scene.input.KeyCode.ENTER);
    clickOn((javafx.scene.Node) inView("#startButton"));
    return workbench.state();
  }

  /**
   * What {@link InterventionComparison} computes headless for the open model with the generation
   * view's sampling sliders, {@code seed} and {@code maxTokens}: the texts a comparison in the
   * window must show.
   */
  InterventionComparison.Result headlessComparison(
      String prompt, int maxTokens, long seed, Intervention intervention) throws Exception {
    GenerationViewModel vm = workbench().generationViewModel();
    LoadedModel model = workbench().state().model();
    GenerationSettings settings =
        GenerationSettings.defaults()
            .withMaxNewTokens(maxTokens)
            .withSampling(
                new SamplingSettings(
                    vm.temperatureProperty().get(),
                    vm.topPProperty().get(),
                    vm.topKProperty().get(),
                    0,
                    vm.repetitionPenaltyProperty().get(),
                    seed));
    return model.use(
        m -> InterventionComparison.compare(m, model.tokenizer(), prompt, settings, intervention));
  }

  Workbench workbench() {
    return workbench;
  }

  /** The next file dialog answers {@code path}. */
  void willChoose(Path path) {
    dialogs.willChoose(path);
  }

  ScriptedDialogs dialogs() {
    return dialogs;
  }

  /** Waits until no background task is in flight and the FX thread has caught up. */
  void idle() throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(executor.awaitIdle(IDLE_TIMEOUT), "still running: " + executor.runningTasks());
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Waits (at most {@code seconds}) until {@code condition} holds. */
  void waitUntil(int seconds, BooleanSupplier condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
  }

  /** Clicks the tab titled {@code title} and waits until it shows. */
  Node showTab(String title) throws Exception {
    Node label =
        lookup(".tab .tab-label")
            .match(n -> n instanceof Labeled l && l.getText().equals(title))
            .query();
    clickOn(label);
    idle();
    assertEquals(
        title, workbench.mainView().tabs().getSelectionModel().getSelectedItem().getText());
    return view();
  }

  /** The content of the selected tab. */
  Node view() {
    return workbench.mainView().tabs().getSelectionModel().getSelectedItem().getContent();
  }

  /**
   * The node matching {@code query} (a CSS selector such as {@code #stepLabel}) in the shown view.
   */
  <T extends Node> T inView(String query) {
    return from(view()).lookup(query).query();
  }

  /** The text of the labelled node matching {@code query} in the shown view. */
  String textInView(String query) {
    return ((Labeled) inView(query)).getText();
  }

  /** Picks {@code item} (its text) in a menu of the menu bar. */
  void chooseMenu(String menu, String item) throws Exception {
    clickOn(menu);
    clickOn(item);
    idle();
  }

  /** Opens {@code box} and clicks the item shown as {@code item}. */
  void choose(ChoiceBox<?> box, String item) throws Exception {
    clickOn(box);
    Node entry =
        lookup(".context-menu .menu-item .label")
            .match(n -> n instanceof Labeled l && l.getText().equals(item))
            .query();
    clickOn(entry);
    idle();
  }

  /** Clicks {@code field}, replaces its text by typing {@code text}. */
  void typeInto(TextInputControl field, String text) {
    clickOn(field);
    push(KeyCode.CONTROL, KeyCode.A);
    write(text);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Moves the pointer over the point {@code scene} of the window's scene. */
  void moveToScenePoint(Point2D scene) throws Exception {
    Point2D screen =
        HeadlessFx.call(() -> workbench.root().localToScreen(scene), Duration.ofSeconds(5));
    moveTo(screen);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Moves the pointer off the window, so that nothing is hovered. */
  void rest() {
    moveTo(REST);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /**
   * Lets the window lay out and draw, snapshots it, writes {@code target/screenshots/NAME.png} and
   * compares it with its golden image.
   */
  BufferedImage screenshot(String name) throws Exception {
    BufferedImage image = snapshot();
    GoldenImages.assertMatches(name, image);
    return image;
  }

  /**
   * Snapshots the window once it has settled, without comparing: after a few pulses, until two
   * snapshots in a row are the same (a chart may lay out its axes a pulse after its canvas when its
   * size changed, e.g. when a hover label appears below it).
   */
  BufferedImage snapshot() throws Exception {
    BufferedImage previous = null;
    for (int attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
      PulseRecorder.awaitPulses(3);
      BufferedImage image =
          HeadlessFx.call(() -> ChartExport.snapshot(workbench.root()), Duration.ofSeconds(30));
      if (previous != null && ImageDiff.compare(previous, image, 0).differing() == 0) {
        return image;
      }
      previous = image;
    }
    return previous;
  }

  /** Writes a snapshot to {@code target/screenshots/NAME.png} (no golden: the view varies). */
  void keepSnapshot(String name) throws Exception {
    ChartExport.writePng(snapshot(), GoldenImages.OUT_DIR.resolve(name + ".png"));
  }

  /** Stops what runs, closes the model and the workers. */
  @Override
  public void close() throws Exception {
    if (workbench != null) {
      HeadlessFx.run(workbench::close);
      executor.awaitIdle(IDLE_TIMEOUT);
    }
  }
}
