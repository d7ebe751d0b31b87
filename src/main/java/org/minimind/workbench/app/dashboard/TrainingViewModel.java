package org.minimind.workbench.app.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.SampleModels;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.run.ControllableRun;
import org.minimind.workbench.app.run.CorpusTraining;
import org.minimind.workbench.app.run.RandomTokenTraining;
import org.minimind.workbench.app.run.RunEvent;
import org.minimind.workbench.app.run.RunFollower;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.MemoryVariant;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.session.NewRun;
import org.minimind.workbench.train.Preset;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.TrainingSummary;

/**
 * Starting, pausing and stopping training from the dashboard, or following a run another process
 * writes. A run trains on a worker thread: the open checkpoint continued or a preset on random
 * token ids (nothing written), or a new tiny run on the sample corpus recorded in a run directory.
 * Its numbers reach the charts through the state's event queue; the run shown before it stays on
 * the charts for comparison.
 */
public final class TrainingViewModel {
  /** Batch and sequence length of random-token runs of the open model (small for a desktop). */
  static final int OPEN_MODEL_BATCH = 4;

  static final int OPEN_MODEL_SEQ_LEN = 128;
  static final long SEED = 1337;

  /** How often a followed run directory is polled. */
  static final long FOLLOW_PERIOD_MS = 1000;

  private final WorkbenchState state;
  private final TaskExecutor executor;
  private final ObjectProperty<TrainingTarget> target =
      new SimpleObjectProperty<>(this, "target", TrainingTarget.OPEN_MODEL);
  private final ObjectProperty<MemoryVariant> memoryVariant =
      new SimpleObjectProperty<>(this, "memoryVariant", MemoryVariant.CONTINUOUS);
  private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", 200);
  private final IntegerProperty logInterval = new SimpleIntegerProperty(this, "logInterval", 1);
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
  private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(this, "following");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "idle");
  private final ReadOnlyStringWrapper stepText =
      new ReadOnlyStringWrapper(this, "stepText", "step -");
  private ControllableRun current;
  private RunFollower follower;
  private int runNumber;

  public TrainingViewModel(WorkbenchState state, TaskExecutor executor) {
    this.state = state;
    this.executor = executor;
    state.addEventListener(this::onEvent);
    state.currentStepProperty().addListener((o, a, b) -> stepText.set("step " + b));
    // continuing the open model trains its own memory: the choice shows that one
    state.modelProperty().addListener((o, a, b) -> showOpenModelsVariant());
    target.addListener((o, a, b) -> showOpenModelsVariant());
  }

  private void showOpenModelsVariant() {
    LoadedModel open = state.model();
    if (target.get() == TrainingTarget.OPEN_MODEL && open != null) {
      memoryVariant.set(open.config().memoryVariant());
    }
  }

  /**
   * Starts a random-token run of {@link #targetProperty()} for {@link #stepsProperty()} steps
   * (corpus targets go through {@link #startNewRun}).
   */
  public void start() {
    TrainingTarget t = target.get();
    if (t.corpus()) {
      status.set("choose a folder for the run");
      return;
    }
    LoadedModel open = state.model();
    if (t == TrainingTarget.OPEN_MODEL && open == null) {
      status.set("no model is open: open a checkpoint, or train a preset");
      return;
    }
    Preset preset = t.preset();
    ModelConfig config =
        preset == null ? open.config() : preset.config().withMemoryVariant(memoryVariant.get());
    int batch = preset == null ? OPEN_MODEL_BATCH : preset.batchSize();
    int seqLen = Math.min(config.maxSeqLen(), OPEN_MODEL_SEQ_LEN);
    long total = steps.get();
    int every = logInterval.get();
    RandomTokenTraining run = new RandomTokenTraining(state.events());
    String name =
        preset == null
            ? open.displayName()
            : preset.name().toLowerCase(Locale.ROOT) + ", " + memoryVariant.get().key();
    launch(
        run,
        new RunHistory("live " + (runNumber + 1) + " (" + name + ")", null),
        () -> {
          Checkpoint.Weights initial = preset == null ? open.use(TrainingViewModel::weights) : null;
          RandomTokenTraining.Request request =
              new RandomTokenTraining.Request(
                  config, initial, total, batch, seqLen, every, Math.max(1, every * 5), SEED);
          return run.job(request, state.deviceProperty().get().resolve()).call();
        });
  }

  /**
   * Starts a new tiny run on the sample corpus in {@code directory} (created; it must not hold a
   * run), encoded with the open model's tokenizer or the sample model's.
   */
  public void startNewRun(Path directory) {
    Path corpus = SampleModels.corpus();
    Path tokenizer = tokenizerFile();
    if (corpus == null) {
      status.set("the sample corpus (sample-models/corpus) was not found");
      return;
    }
    if (tokenizer == null) {
      status.set("no tokenizer.json: open a checkpoint that has one");
      return;
    }
    int every = logInterval.get();
    long total = steps.get();
    TrainSettings settings =
        TrainSettings.defaults(total)
            .withBatchSize(Preset.TINY.batchSize())
            .withSeed(SEED)
            .withLogInterval(every)
            .withEvalInterval((int) Math.max(10, total / 5))
            .withCheckpointInterval((int) Math.max(20, total / 4))
            .withSlotCountsInterval(Math.max(1, every * 5));
    CorpusTraining run = new CorpusTraining(state.events());
    MemoryVariant variant = memoryVariant.get();
    Path name = directory.toAbsolutePath().normalize().getFileName();
    launch(
        run,
        new RunHistory(String.valueOf(name), directory),
        () -> {
          ModelConfig config = Preset.TINY.config().withMemoryVariant(variant);
          NewRun request =
              new NewRun(
                  directory,
                  corpus,
                  tokenizer,
                  config,
                  "tiny",
                  settings,
                  DType.F32,
                  0.02,
                  state.deviceProperty().get().resolve());
          return run.job(request).call();
        });
  }

  /**
   * What the memory bank of a preset or new run stores (the open model keeps its own): float
   * vectors as the seed, or token ids (experiment 1.4.6).
   */
  public ObjectProperty<MemoryVariant> memoryVariantProperty() {
    return memoryVariant;
  }

  /** The open model's tokenizer.json, else the sample model's, or null. */
  private Path tokenizerFile() {
    LoadedModel open = state.model();
    if (open != null && open.tokenizer() != null) {
      Path dir =
          Files.isDirectory(open.source())
              ? open.source()
              : open.source().toAbsolutePath().getParent();
      Path file = dir.resolve(LoadedModel.TOKENIZER_FILE);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    Path sample = SampleModels.locate();
    Path file = sample == null ? null : sample.resolve(LoadedModel.TOKENIZER_FILE);
    return file != null && Files.isRegularFile(file) ? file : null;
  }

  private void launch(ControllableRun run, RunHistory history, Callable<TrainingSummary> work) {
    if (running.get()) {
      return;
    }
    stopFollowing();
    runNumber++;
    RunHistory previous = state.run();
    if (previous != null && previous.rows() > 0 && !state.comparisonRuns().contains(previous)) {
      state.comparisonRuns().setAll(previous);
    }
    state.showLiveRun(history);
    current = run;
    running.set(true);
    paused.set(false);
    status.set(
        "starting "
            + history.name()
            + " on "
            + state.deviceProperty().get().name().toLowerCase(Locale.ROOT));
    // below the window's threads: a run on every core must not make the charts stutter
    executor.executeAtLowPriority(
        "training " + history.name(),
        work,
        summary -> finished(run, summary),
        error -> {
          ended(run);
          status.set(ErrorMessages.describe("training failed", error));
        });
  }

  /**
   * Follows the run another process is writing into {@code directory}: its rows, slot counts and
   * drift reach the charts as they are written, until {@link #stop()}.
   */
  public void follow(Path directory) {
    if (running.get()) {
      status.set("stop the current run before following another");
      return;
    }
    if (!RunDirectory.isRun(directory)) {
      status.set(directory + ": not a training run directory");
      return;
    }
    stopFollowing();
    Path name = directory.toAbsolutePath().normalize().getFileName();
    state.showLiveRun(
        new RunHistory((name == null ? "run" : name.toString()) + " (following)", directory));
    follower = new RunFollower(directory, state.events());
    follower.start(FOLLOW_PERIOD_MS);
    following.set(true);
    status.set("following " + directory);
  }

  private void stopFollowing() {
    if (follower != null) {
      follower.close();
      follower = null;
      following.set(false);
      status.set("stopped following at step " + state.currentStepProperty().get());
    }
  }

  /** Pauses a running run, or resumes a paused one. */
  public void togglePause() {
    ControllableRun run = current;
    if (run == null) {
      return;
    }
    boolean now = !paused.get();
    run.setPaused(now);
    paused.set(now);
    status.set(now ? "paused at step " + state.currentStepProperty().get() : "training");
  }

  /** Asks the run to stop after its current step, or stops following a run directory. */
  public void stop() {
    stopFollowing();
    ControllableRun run = current;
    if (run == null) {
      return;
    }
    run.setPaused(false);
    run.requestStop();
    paused.set(false);
    status.set("stopping");
  }

  /** A copy of every parameter, by name (the trainer builds its own model from them). */
  private static Checkpoint.Weights weights(MemoryLM model) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (String name : model.parameters().names()) {
      values.put(name, model.parameters().get(name).toFloatArray());
    }
    return new Checkpoint.Weights(
        values,
        model.tokenMemory().map(org.minimind.workbench.model.TokenMemory::ids).orElse(null));
  }

  private void ended(ControllableRun run) {
    if (current == run) {
      current = null;
      running.set(false);
      paused.set(false);
    }
  }

  private void finished(ControllableRun run, TrainingSummary summary) {
    state.drainEvents(); // the last rows, before saying it is over
    ended(run);
    status.set(
        switch (summary.reason()) {
          case MAX_STEPS -> "finished: " + summary.lastStep() + " steps";
          case TIME_BUDGET -> "time budget reached at step " + summary.lastStep();
          case STOPPED -> "stopped at step " + summary.lastStep();
          case FAILED ->
              ErrorMessages.describe(
                  "training failed at step " + summary.lastStep(), summary.error());
        });
  }

  private void onEvent(RunEvent e) {
    if (e instanceof RunEvent.Progress p && running.get() && !paused.get()) {
      status.set(
          String.format(
              Locale.ROOT,
              "training step %d / %d, loss %.4f, %.0f tokens/s",
              p.step(),
              p.totalSteps(),
              p.loss(),
              p.tokensPerSecond()));
    } else if (e instanceof RunEvent.Started st) {
      status.set("training on " + st.start().device());
    } else if (e instanceof RunEvent.Failed f) {
      status.set(f.message());
    } else if (e instanceof RunEvent.Rows && follower != null) {
      status.set(
          "following " + follower.directory() + ": step " + state.currentStepProperty().get());
    }
  }

  public ObjectProperty<TrainingTarget> targetProperty() {
    return target;
  }

  public IntegerProperty stepsProperty() {
    return steps;
  }

  public IntegerProperty logIntervalProperty() {
    return logInterval;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty pausedProperty() {
    return paused.getReadOnlyProperty();
  }

  /** Whether a run directory is being followed. */
  public ReadOnlyBooleanProperty followingProperty() {
    return following.getReadOnlyProperty();
  }

  /** "training step 12 / 200", "paused", "stopped at step 40", or an error. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** "step 12": the shown run's current step. */
  public ReadOnlyStringProperty stepTextProperty() {
    return stepText.getReadOnlyProperty();
  }
}
