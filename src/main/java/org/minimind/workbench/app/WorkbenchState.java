package org.minimind.workbench.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.minimind.workbench.app.run.MetricColumns;
import org.minimind.workbench.app.run.RunEvent;
import org.minimind.workbench.app.run.RunEventQueue;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.model.DeviceChoice;

/**
 * What the views share: the open model, the run being shown (and runs overlaid for comparison), the
 * device, and the queue through which a live run reports. Lives on the UI thread: properties change
 * only there (in tests, in the test's thread).
 */
public final class WorkbenchState implements Drainable {
  private final ObjectProperty<LoadedModel> model = new SimpleObjectProperty<>(this, "model");
  private final ObjectProperty<RunHistory> run = new SimpleObjectProperty<>(this, "run");
  private final ObservableList<RunHistory> comparisonRuns = FXCollections.observableArrayList();
  private final ObjectProperty<DeviceChoice> device =
      new SimpleObjectProperty<>(this, "device", DeviceChoice.CPU);
  private final LongProperty currentStep = new SimpleLongProperty(this, "currentStep");
  private final LongProperty runVersion = new SimpleLongProperty(this, "runVersion");
  private final RunEventQueue events = new RunEventQueue();
  private final List<Consumer<RunEvent>> eventListeners = new CopyOnWriteArrayList<>();
  private final long redrawPeriodNanos;
  private final LongSupplier nanoClock;
  private RunHistory eventTarget;
  private Readouts readouts = Readouts.MEASURED;
  private boolean redrawOwed;
  private long lastRedraw;

  /**
   * State whose live run's new data is announced ({@link #runVersionProperty}) as it is drained.
   */
  public WorkbenchState() {
    this(Duration.ZERO, System::nanoTime);
  }

  /**
   * State whose live run announces new data at most once per {@code redrawPeriod}, as each
   * announcement redraws every chart of the run: data drained sooner is announced by the first
   * drain after the period, the run's end at once.
   *
   * @param nanoClock the time in nanoseconds, as {@link System#nanoTime}
   */
  public WorkbenchState(Duration redrawPeriod, LongSupplier nanoClock) {
    if (redrawPeriod.isNegative()) {
      throw new IllegalArgumentException("negative redraw period: " + redrawPeriod);
    }
    this.redrawPeriodNanos = redrawPeriod.toNanos();
    this.nanoClock = nanoClock;
    this.lastRedraw = nanoClock.getAsLong() - redrawPeriodNanos;
  }

  /** The open model, or null. */
  public ObjectProperty<LoadedModel> modelProperty() {
    return model;
  }

  public LoadedModel model() {
    return model.get();
  }

  /** The run whose metrics the dashboard, heatmap and drift views show, or null. */
  public ObjectProperty<RunHistory> runProperty() {
    return run;
  }

  public RunHistory run() {
    return run.get();
  }

  /** Further runs drawn on the dashboard's charts for comparison. */
  public ObservableList<RunHistory> comparisonRuns() {
    return comparisonRuns;
  }

  public ObjectProperty<DeviceChoice> deviceProperty() {
    return device;
  }

  /** The step the shown run has reached (last logged or progressed step). */
  public LongProperty currentStepProperty() {
    return currentStep;
  }

  /** Increases whenever the shown run got new data; views re-plot on change. */
  public LongProperty runVersionProperty() {
    return runVersion;
  }

  /** How views print measured times and rates, and paths (see {@link Readouts}). */
  public Readouts readouts() {
    return readouts;
  }

  /** Replaces the readouts; set before a model opens (the UI tests fix them). */
  public void setReadouts(Readouts readouts) {
    this.readouts = readouts;
  }

  /** Where a live run or a followed run directory reports. */
  public RunEventQueue events() {
    return events;
  }

  /** Makes {@code history} the shown run and the one queued events are recorded into. */
  public void showLiveRun(RunHistory history) {
    events.drain(); // leftovers belong to the previous run
    eventTarget = history;
    run.set(history);
    currentStep.set(history.lastStep());
    announce();
  }

  /** Shows a finished run (nothing will be recorded into it). */
  public void showRun(RunHistory history) {
    eventTarget = null;
    run.set(history);
    currentStep.set(history == null ? 0 : history.lastStep());
    announce();
  }

  private void announce() {
    redrawOwed = false;
    lastRedraw = nanoClock.getAsLong();
    runVersion.set(runVersion.get() + 1);
  }

  @Override
  public boolean hasPending() {
    return !events.isEmpty() || redrawOwed;
  }

  @Override
  public void drain() {
    drainEvents();
  }

  /** Called with every drained event, after it was recorded. */
  public void addEventListener(Consumer<RunEvent> listener) {
    eventListeners.add(listener);
  }

  /**
   * Records queued events into the live run and notifies listeners; announces the new data when the
   * redraw period has passed since the last announcement, or the run ended (otherwise a later drain
   * does). The UI calls this about ten times a second; tests call it directly.
   *
   * @return how many events were drained
   */
  public int drainEvents() {
    List<RunEvent> drained = events.drain();
    RunHistory target = eventTarget;
    boolean ended = false;
    for (RunEvent e : drained) {
      if (target != null) {
        if (e instanceof RunEvent.Step m) {
          target.append(m.row());
          redrawOwed = true;
        } else if (e instanceof RunEvent.Rows rows) {
          MetricColumns.appendTable(target, rows.rows());
          redrawOwed = true;
        } else if (e instanceof RunEvent.Counts c) {
          target.addSlotCounts(c.counts());
          redrawOwed = true;
        } else if (e instanceof RunEvent.Drift d) {
          target.setLatestDrift(d.drift());
          redrawOwed = true;
        } else if (e instanceof RunEvent.Progress p) {
          currentStep.set(p.step());
        }
        ended |= e instanceof RunEvent.Finished;
      }
      for (Consumer<RunEvent> l : eventListeners) {
        l.accept(e);
      }
    }
    if (target == null) {
      redrawOwed = false;
    } else if (redrawOwed) {
      currentStep.set(Math.max(currentStep.get(), target.lastStep()));
      if (ended || nanoClock.getAsLong() - lastRedraw >= redrawPeriodNanos) {
        announce();
      }
    }
    return drained.size();
  }
}
