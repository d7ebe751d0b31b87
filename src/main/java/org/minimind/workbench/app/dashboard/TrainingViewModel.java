package org.minimind.workbench.app.dashboard;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
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
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.run.RunEvent;
import org.minimind.workbench.app.run.RunFollower;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.app.run.TrainingSession;
import org.minimind.workbench.metrics.RunDirectory;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.train.Preset;
import org.minimind.workbench.train.TrainingSummary;

/**
 * Starting, pausing and stopping a training run from the dashboard. The run continues a copy of
 * the open checkpoint, or trains a fresh model of a preset, on random token ids on a worker
 * thread; its numbers reach the charts through the state's event queue.
 */
public final class TrainingViewModel {
  private final WorkbenchState state;
  private final TaskExecutor executor;
  private final ObjectProperty<TrainingTarget> target =
      new SimpleObjectProperty<>(this, "target", TrainingTarget.OPEN_MODEL);
  private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", 200);
  private final IntegerProperty logInterval = new SimpleIntegerProperty(this, "logInterval", 1);
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "idle");
  private final ReadOnlyStringWrapper stepText = new ReadOnlyStringWrapper(this, "stepText", "step -");
  /** Batch and sequence length when continuing the open model (kept small for a desktop). */
  static final int OPEN_MODEL_BATCH = 4;

  static final int OPEN_MODEL_SEQ_LEN = 128;
  static final long SEED = 1337;

  /** How often a followed run directory is polled. */
  static final long FOLLOW_PERIOD_MS = 1000;

  private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(this, "following");
  private RunFollower follower;
  private TrainingSession session;
  private int runNumber;

  public TrainingViewModel(WorkbenchState state, TaskExecutor executor) {
    this.state = state;
    this.executor = executor;
    state.addEventListener(this::onEvent);
    state.currentStepProperty().addListener((o, a, b) -> stepText.set("step " + b));
  }

  /** The open model (continued) or a preset (fresh). */
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

  /** "training step 12 / 200", "paused", "stopped at step 40", or an error. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** "step 12": the shown run's current step. */
  public ReadOnlyStringProperty stepTextProperty() {
    return stepText.getReadOnlyProperty();
  }

  /**
   * Starts a run of {@link #targetProperty()} for {@link #stepsProperty()} steps on random token
   * ids. The run before it stays on the dashboard's charts for comparison.
   */
  public void start() {
    if (running.get()) {
      return;
    }
    stopFollowing();
    TrainingTarget t = target.get();
    LoadedModel open = state.model();
    if (t == TrainingTarget.OPEN_MODEL && open == null) {
      status.set("no model is open: open a checkpoint, or train a preset");
      return;
    }
    Preset preset = t.preset();
    ModelConfig config = preset == null ? open.config() : preset.config();
    int batch = preset == null ? OPEN_MODEL_BATCH : preset.batchSize();
    int seqLen = Math.min(config.maxSeqLen(), OPEN_MODEL_SEQ_LEN);
    try {
      new TrainingSession.Request(config, null, steps.get(), batch, seqLen, logInterval.get(), 1, SEED);
    } catch (IllegalArgumentException e) {
      status.set(e.getMessage());
      return;
    }
    runNumber++;
    String name = "live " + runNumber + " ("
        + (preset == null ? open.displayName() : preset.name().toLowerCase(Locale.ROOT)) + ")";
    RunHistory previous = state.run();
    if (previous != null && previous.rows() > 0 && !state.comparisonRuns().contains(previous)) {
      state.comparisonRuns().setAll(previous);
    }
    RunHistory history = new RunHistory(name, null);
    state.showLiveRun(history);
    TrainingSession s = new TrainingSession(state.events());
    session = s;
    running.set(true);
    paused.set(false);
    status.set("starting " + name + " on " + state.deviceProperty().get().name().toLowerCase());
    long total = steps.get();
    int every = logInterval.get();
    executor.execute(
        "training " + name,
        () -> {
          Map<String, float[]> initial = preset == null ? open.use(TrainingViewModel::values) : null;
          TrainingSession.Request request = new TrainingSession.Request(
              config, initial, total, batch, seqLen, every, Math.max(1, every * 5), SEED);
          return s.job(request, state.deviceProperty().get().resolve()).call();
        },
        summary -> finished(s, summary),
        error -> {
          if (session == s) {
            session = null;
            running.set(false);
            paused.set(false);
          }
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
      status.set(directory + ": not a training run (no run.json or metrics.csv)");
      return;
    }
    Path name = directory.toAbsolutePath().normalize().getFileName();
    state.showLiveRun(new RunHistory((name == null ? "run" : name.toString()) + " (following)", directory));
    follower = new RunFollower(directory, state.events());
    follower.start(FOLLOW_PERIOD_MS);
    following.set(true);
    status.set("following " + directory);
  }

  /** Whether a run directory is being followed. */
  public ReadOnlyBooleanProperty followingProperty() {
    return following.getReadOnlyProperty();
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
    TrainingSession s = session;
    if (s == null) {
      return;
    }
    boolean now = !paused.get();
    s.setPaused(now);
    paused.set(now);
    status.set(now ? "paused at step " + state.currentStepProperty().get() : "training");
  }

  /** Asks the run to stop after its current step, or stops following a run directory. */
  public void stop() {
    stopFollowing();
    TrainingSession s = session;
    if (s == null) {
      return;
    }
    s.setPaused(false);
    s.requestStop();
    paused.set(false);
    status.set("stopping");
  }

  /** A copy of every parameter, by name (the trainer builds its own model from them). */
  private static Map<String, float[]> values(MemoryLM model) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (String name : model.parameters().names()) {
      values.put(name, model.parameters().get(name).toFloatArray());
    }
    return values;
  }

  private void finished(TrainingSession s, TrainingSummary summary) {
    state.drainEvents(); // the last rows, before saying it is over
    if (session == s) {
      session = null;
      running.set(false);
      paused.set(false);
    }
    status.set(
        switch (summary.reason()) {
          case MAX_STEPS -> "finished: " + summary.lastStep() + " steps";
          case TIME_BUDGET -> "time budget reached at step " + summary.lastStep();
          case STOPPED -> "stopped at step " + summary.lastStep();
          case FAILED -> ErrorMessages.describe(
              "training failed at step " + summary.lastStep(), summary.error());
        });
  }

  private void onEvent(RunEvent e) {
    if (e instanceof RunEvent.Progress p && running.get() && !paused.get()) {
      status.set(
          String.format(
              Locale.ROOT, "training step %d / %d, loss %.4f, %.0f tokens/s", p.step(),
              p.totalSteps(), p.loss(), p.tokensPerSecond()));
    } else if (e instanceof RunEvent.Started st) {
      status.set("training on " + st.start().device());
    } else if (e instanceof RunEvent.Failed f) {
      status.set(f.message());
    } else if (e instanceof RunEvent.Rows && following.get()) {
      status.set("following " + follower.directory() + ": step " + state.currentStepProperty().get());
    }
  }
}
