package org.minimind.workbench.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Parent;
import org.minimind.workbench.app.dashboard.DashboardView;
import org.minimind.workbench.app.dashboard.DashboardViewModel;
import org.minimind.workbench.app.dashboard.TrainingViewModel;
import org.minimind.workbench.app.drift.DriftView;
import org.minimind.workbench.app.drift.DriftViewModel;
import org.minimind.workbench.app.generation.GenerationView;
import org.minimind.workbench.app.generation.GenerationViewModel;
import org.minimind.workbench.app.heatmap.HeatmapView;
import org.minimind.workbench.app.heatmap.HeatmapViewModel;
import org.minimind.workbench.app.heatmap.TokenSlotsView;
import org.minimind.workbench.app.heatmap.TokenSlotsViewModel;
import org.minimind.workbench.app.info.ModelInfoView;
import org.minimind.workbench.app.info.ModelInfoViewModel;
import org.minimind.workbench.app.run.RunReader;
import org.minimind.workbench.app.slotpage.SlotPageView;
import org.minimind.workbench.app.slotpage.SlotPageViewModel;
import org.minimind.workbench.app.slots.SlotFocus;

/**
 * The composition root: builds the shared state, every view-model and view, and the main window
 * holding them as tabs. The window application, the screenshot mode and the UI tests all start the
 * workbench through here. FX thread.
 */
public final class Workbench implements AutoCloseable {
  /** Tab titles, in order. */
  public static final String DASHBOARD = "Dashboard";

  public static final String HEATMAP = "Memory heatmap";
  public static final String TOKEN_SLOTS = "Token x slot";
  public static final String DRIFT = "Memory drift";
  public static final String GENERATION = "Generation";
  public static final String MODEL = "Model";
  public static final String SLOT = "Slot";

  /**
   * A live run's charts are redrawn at most this often: each redraw of the nine dashboard charts
   * takes the UI threads about nine frames, CPU a run training from the window would otherwise lose
   * (redrawn on every drain, ten times a second, the tiny preset trained half as many steps).
   */
  public static final Duration LIVE_REDRAW_PERIOD = Duration.ofMillis(500);

  private final TaskExecutor executor;
  private final WorkbenchState state = new WorkbenchState(LIVE_REDRAW_PERIOD, System::nanoTime);
  private final MainWindowViewModel mainViewModel;
  private final MainWindowView mainView;
  private final Parent root;
  private final TrainingViewModel training;
  private final DashboardViewModel dashboardViewModel;
  private final DashboardView dashboardView;
  private final SlotFocus focus;
  private final HeatmapViewModel heatmapViewModel;
  private final HeatmapView heatmapView;
  private final TokenSlotsViewModel tokenSlotsViewModel;
  private final TokenSlotsView tokenSlotsView;
  private final DriftViewModel driftViewModel;
  private final GenerationViewModel generationViewModel;
  private final GenerationView generationView;
  private final SlotPageViewModel slotPageViewModel;
  private final SlotPageView slotPageView;

  public Workbench(TaskExecutor executor, FileDialogs dialogs, RunReader runReader) {
    this.executor = executor;
    mainViewModel = new MainWindowViewModel(state, executor, new ModelOpener(runReader));
    mainView = new MainWindowView(mainViewModel, executor, dialogs);
    root = ViewLoader.load("MainWindow.fxml", mainView);

    training = new TrainingViewModel(state, executor);
    dashboardViewModel = new DashboardViewModel(state, executor, runReader);
    dashboardView = new DashboardView(dashboardViewModel, training, executor, dialogs);
    mainView.addTab(DASHBOARD, ViewLoader.load("Dashboard.fxml", dashboardView));

    focus = new SlotFocus(state, executor);
    heatmapViewModel = new HeatmapViewModel(state, focus, executor);
    heatmapView = new HeatmapView(heatmapViewModel, executor, dialogs);
    mainView.addTab(HEATMAP, ViewLoader.load("Heatmap.fxml", heatmapView));

    tokenSlotsViewModel = new TokenSlotsViewModel(focus, executor);
    tokenSlotsView = new TokenSlotsView(tokenSlotsViewModel, executor, dialogs);
    mainView.addTab(TOKEN_SLOTS, ViewLoader.load("TokenSlots.fxml", tokenSlotsView));

    driftViewModel = new DriftViewModel(state, executor);
    mainView.addTab(
        DRIFT, ViewLoader.load("Drift.fxml", new DriftView(driftViewModel, executor, dialogs)));

    generationViewModel = new GenerationViewModel(state, focus, executor);
    generationView = new GenerationView(generationViewModel, executor, dialogs);
    mainView.addTab(GENERATION, ViewLoader.load("Generation.fxml", generationView));
    mainView.pump().add(generationViewModel);

    ModelInfoViewModel info = new ModelInfoViewModel(state);
    mainView.addTab(MODEL, ViewLoader.load("ModelInfo.fxml", new ModelInfoView(info)));

    // a slot chosen on any grid opens its page (the view-model shows it, this selects the tab)
    slotPageViewModel = new SlotPageViewModel(state, focus, executor);
    slotPageView = new SlotPageView(slotPageViewModel);
    mainView.addTab(SLOT, ViewLoader.load("SlotPage.fxml", slotPageView));
    focus
        .chosenSlotProperty()
        .addListener(
            o -> {
              if (focus.chosenSlotProperty().get() != null) {
                select(SLOT);
              }
            });
    // "Ablate in generation": the slot joins the generation view's intervention, which is shown
    slotPageViewModel.setOnAblate(
        slot -> {
          generationViewModel.ablate(slot);
          select(GENERATION);
        });
  }

  /** Looks for devices and opens {@code initial} (a checkpoint or run), if given. */
  public void start(Path initial) {
    start(initial, List.of());
  }

  /**
   * Looks for devices, opens {@code initial} (a checkpoint or run) if given, and adds the run
   * directories {@code compare} to the dashboard for comparison.
   */
  public void start(Path initial, List<Path> compare) {
    start(initial, compare, null);
  }

  /**
   * As {@link #start(Path, List)}, decoding with {@code tokenizer} (a {@code tokenizer.json}) when
   * given instead of the checkpoint's own.
   */
  public void start(Path initial, List<Path> compare, Path tokenizer) {
    start(initial, compare, tokenizer, false);
  }

  /**
   * As {@link #start(Path, List, Path)}; with {@code follow}, once a run directory {@code initial}
   * has opened, the dashboard follows it (as "Follow run…" does), so that a run another process is
   * writing (a torchrun training) grows on the charts.
   */
  public void start(Path initial, List<Path> compare, Path tokenizer, boolean follow) {
    mainViewModel.useTokenizer(tokenizer);
    mainViewModel.detectDevices();
    if (initial != null) {
      mainViewModel.open(
          initial,
          () -> {
            if (follow) {
              training().follow(initial);
            }
          });
    }
    compare.forEach(dashboardViewModel::compare);
  }

  /** Selects the tab titled {@code title}. */
  public void select(String title) {
    mainView.tabs().getTabs().stream()
        .filter(t -> t.getText().equals(title))
        .findFirst()
        .ifPresent(t -> mainView.tabs().getSelectionModel().select(t));
  }

  public Parent root() {
    return root;
  }

  public WorkbenchState state() {
    return state;
  }

  public MainWindowViewModel mainViewModel() {
    return mainViewModel;
  }

  public MainWindowView mainView() {
    return mainView;
  }

  public TrainingViewModel training() {
    return training;
  }

  public DashboardViewModel dashboardViewModel() {
    return dashboardViewModel;
  }

  public DashboardView dashboardView() {
    return dashboardView;
  }

  public SlotFocus focus() {
    return focus;
  }

  public HeatmapViewModel heatmapViewModel() {
    return heatmapViewModel;
  }

  public HeatmapView heatmapView() {
    return heatmapView;
  }

  public TokenSlotsViewModel tokenSlotsViewModel() {
    return tokenSlotsViewModel;
  }

  public TokenSlotsView tokenSlotsView() {
    return tokenSlotsView;
  }

  public DriftViewModel driftViewModel() {
    return driftViewModel;
  }

  public GenerationViewModel generationViewModel() {
    return generationViewModel;
  }

  public GenerationView generationView() {
    return generationView;
  }

  /**
   * The slot page; its {@link SlotPageViewModel#setOnAblate} hook is where "Ablate in generation"
   * goes.
   */
  public SlotPageViewModel slotPageViewModel() {
    return slotPageViewModel;
  }

  public SlotPageView slotPageView() {
    return slotPageView;
  }

  /** Stops a running training run and the timers, closes the model, stops the workers. */
  @Override
  public void close() {
    training.stop();
    generationViewModel.stop();
    slotPageViewModel.cancelBuild();
    mainView.stop();
    LoadedModel model = state.model();
    state.modelProperty().set(null);
    executor.execute(
        "close model",
        () -> {
          if (model != null) {
            model.close();
          }
          return null;
        },
        x -> executor.shutdown(),
        e -> executor.shutdown());
  }
}
