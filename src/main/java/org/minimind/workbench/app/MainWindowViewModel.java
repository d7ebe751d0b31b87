package org.minimind.workbench.app;

import java.nio.file.Path;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.minimind.workbench.model.DeviceChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window: opening checkpoints and runs, the device, the status bar and the error banner.
 * Loading runs in the background; the previous model is closed (after its readers finish) once the
 * new one is in place. A failure leaves the open model as it was and says why in the banner.
 */
public final class MainWindowViewModel {
  private static final Logger LOG = LoggerFactory.getLogger(MainWindowViewModel.class);

  private final WorkbenchState state;
  private final TaskExecutor executor;
  private final ModelOpener opener;
  private final ObservableList<DeviceChoice> devices =
      FXCollections.observableArrayList(DeviceChoice.CPU);
  private final ReadOnlyStringWrapper title =
      new ReadOnlyStringWrapper(this, "title", "MiniMind Memory Workbench");
  private final ReadOnlyStringWrapper deviceStatus =
      new ReadOnlyStringWrapper(this, "deviceStatus", "device: cpu");
  private final ReadOnlyStringWrapper parameterStatus =
      new ReadOnlyStringWrapper(this, "parameterStatus", "no model");
  private final ReadOnlyStringWrapper stepStatus =
      new ReadOnlyStringWrapper(this, "stepStatus", "step -");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ReadOnlyStringWrapper deviceHint =
      new ReadOnlyStringWrapper(this, "deviceHint", "");
  private final Appearance appearance = new Appearance();
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
  private final java.time.Clock clock;
  private Path tokenizer; // --tokenizer, or null
  private Path lastOpened;

  public MainWindowViewModel(WorkbenchState state, TaskExecutor executor, ModelOpener opener) {
    this(state, executor, opener, java.time.Clock.systemDefaultZone());
  }

  MainWindowViewModel(
      WorkbenchState state, TaskExecutor executor, ModelOpener opener, java.time.Clock clock) {
    this.state = state;
    this.executor = executor;
    this.opener = opener;
    this.clock = clock;
    state.addEventListener(
        e -> {
          if (e instanceof org.minimind.workbench.app.run.RunEvent.Finished f) {
            notice.set(describeEnd(f.summary()));
          } else if (e instanceof org.minimind.workbench.app.run.RunEvent.Started) {
            notice.set("");
          }
        });
    state.modelProperty().addListener((o, a, b) -> describeModel());
    state.currentStepProperty().addListener((o, a, b) -> stepStatus.set("step " + b));
    state
        .runProperty()
        .addListener((o, a, b) -> stepStatus.set(b == null ? "step -" : "step " + b.lastStep()));
    state.deviceProperty().addListener((o, a, b) -> deviceChanged(b));
  }

  /** Looks for a CUDA device in the background and offers it when the engine sees one. */
  public void detectDevices() {
    executor.execute(
        "detect devices",
        // "" when the engine sees a GPU, else why not and how to get one
        () -> DeviceChoice.gpuAvailable() ? "" : DeviceChoice.gpuUnavailable(),
        whyNoGpu -> {
          boolean gpu = whyNoGpu.isEmpty();
          if (gpu && !devices.contains(DeviceChoice.GPU)) {
            devices.add(DeviceChoice.GPU);
          }
          deviceHint.set(gpu ? "cpu or cuda" : whyNoGpu);
        },
        e -> LOG.info("no GPU check possible: {}", ErrorMessages.describe(e)));
  }

  /**
   * Decodes every model opened from now on with this {@code tokenizer.json} instead of the one its
   * checkpoint carries (the command line's {@code --tokenizer}); null for the checkpoint's own.
   */
  public void useTokenizer(Path tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Opens a checkpoint directory, a weights file or a run directory. */
  public void open(Path path) {
    open(path, () -> {});
  }

  /** As {@link #open(Path)}, then runs {@code whenOpened} on the UI thread if it opened. */
  public void open(Path path, Runnable whenOpened) {
    busy.set(true);
    activity.set("opening " + path);
    DeviceChoice device = state.deviceProperty().get();
    executor.execute(
        "open " + path,
        () -> opener.open(path, device.resolve(), tokenizer),
        opened -> {
          busy.set(false);
          activity.set("");
          error.set("");
          lastOpened = path;
          if (opened.model() != null) {
            replaceModel(opened.model());
          }
          if (opened.run() != null) {
            state.comparisonRuns().remove(opened.run());
            state.showRun(opened.run());
          }
          if (opened.checkpointStep() >= 0) {
            stepStatus.set(
                "checkpoint of step "
                    + opened.checkpointStep()
                    + (opened.run() == null ? "" : ", run at step " + opened.run().lastStep()));
          }
          title.set("MiniMind Memory Workbench - " + path.toAbsolutePath().normalize());
          whenOpened.run();
        },
        e -> {
          busy.set(false);
          activity.set("");
          String why = ErrorMessages.describe(e);
          // loaders name the file themselves; say it once
          error.set(
              why.startsWith(path.toString())
                  ? "cannot open " + why
                  : "cannot open " + path + ": " + why);
        });
  }

  private void replaceModel(LoadedModel next) {
    LoadedModel previous = state.model();
    state.modelProperty().set(next);
    if (previous != null && previous != next) {
      // close() waits for readers (a running analysis or generation): never on the UI thread
      executor.execute(
          "close " + previous.displayName(),
          () -> {
            previous.close();
            return null;
          },
          x -> {},
          e -> LOG.warn("closing a model failed", e));
    }
  }

  private void deviceChanged(DeviceChoice device) {
    deviceStatus.set("device: " + device.name().toLowerCase());
    if (lastOpened != null && state.model() != null) {
      open(lastOpened); // reload onto the new device
    }
  }

  private void describeModel() {
    LoadedModel m = state.model();
    if (m == null) {
      parameterStatus.set("no model");
      return;
    }
    parameterStatus.set(m.displayName() + ": " + m.parameters().describe());
    deviceStatus.set("device: " + m.device());
  }

  /** Clears the error banner. */
  public void dismissError() {
    error.set("");
  }

  /** Shows {@code message} in the error banner (a view's failure that concerns the window). */
  public void showError(String message) {
    error.set(message);
  }

  public ObservableList<DeviceChoice> devices() {
    return devices;
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /**
   * What the device selector offers, and when it offers no GPU, why and how to get one (the
   * selector's tooltip).
   */
  public ReadOnlyStringProperty deviceHintProperty() {
    return deviceHint.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty deviceStatusProperty() {
    return deviceStatus.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty parameterStatusProperty() {
    return parameterStatus.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty stepStatusProperty() {
    return stepStatus.getReadOnlyProperty();
  }

  /** The error banner's text; empty when there is nothing to report. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** What is being loaded, for the status bar. */
  public ReadOnlyStringProperty activityProperty() {
    return activity.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /**
   * The end of the last training run, whichever view is shown: "training finished at step 200 (max
   * steps) at 14:03, best val loss 5.5246"; empty while none ended or after dismissal.
   */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  public void dismissNotice() {
    notice.set("");
  }

  private String describeEnd(org.minimind.workbench.train.TrainingSummary s) {
    String when = java.time.LocalTime.now(clock).withNano(0).toString();
    String how =
        switch (s.reason()) {
          case MAX_STEPS -> "finished at step " + s.lastStep();
          case TIME_BUDGET -> "reached its time budget at step " + s.lastStep();
          case STOPPED -> "stopped at step " + s.lastStep();
          case FAILED -> "failed at step " + s.lastStep();
        };
    String best =
        Double.isNaN(s.bestValLoss())
            ? ""
            : String.format(java.util.Locale.ROOT, ", best val loss %.4f", s.bestValLoss());
    return "training " + how + " at " + when + best;
  }

  /** Theme and text size of the window. */
  public Appearance appearance() {
    return appearance;
  }

  public WorkbenchState state() {
    return state;
  }
}
