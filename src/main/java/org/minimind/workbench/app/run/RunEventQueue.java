package org.minimind.workbench.app.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.train.StepMetrics;
import org.minimind.workbench.train.TrainingListener;
import org.minimind.workbench.train.TrainingStart;
import org.minimind.workbench.train.TrainingSummary;

/**
 * The hand-over between a training loop (or a file follower) and the UI. As a {@link
 * TrainingListener} it only copies the numbers into a lock-free queue and returns, so the loop
 * never waits for the screen; the UI {@link #drain()}s it on a timer.
 */
public final class RunEventQueue implements TrainingListener {
  private final Queue<RunEvent> queue = new ConcurrentLinkedQueue<>();

  public void offer(RunEvent event) {
    queue.add(event);
  }

  /** Everything queued so far, oldest first. */
  public List<RunEvent> drain() {
    List<RunEvent> out = new ArrayList<>();
    RunEvent e;
    while ((e = queue.poll()) != null) {
      out.add(e);
    }
    return out;
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  @Override
  public void onStart(TrainingStart start) {
    offer(new RunEvent.Started(start));
  }

  @Override
  public void onProgress(long step, long totalSteps, double loss, double tokensPerSecond) {
    offer(new RunEvent.Progress(step, totalSteps, loss, tokensPerSecond));
  }

  @Override
  public void onStep(StepMetrics metrics) {
    offer(new RunEvent.Step(MetricColumns.row(metrics)));
  }

  @Override
  public void onSlotCounts(long step, List<int[]> countsPerLayer) {
    int[][] copy = new int[countsPerLayer.size()][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = countsPerLayer.get(i).clone();
    }
    offer(new RunEvent.Counts(new SlotCountsFile.Snapshot(step, copy)));
  }

  @Override
  public void onSlotDrift(long step, float[] perSlotL2Change) {
    offer(new RunEvent.Drift(new SlotDriftFile.Latest(step, perSlotL2Change.clone())));
  }

  @Override
  public void onCheckpoint(long step, Path dir, boolean best) {
    offer(new RunEvent.Checkpoint(step, dir, best));
  }

  @Override
  public void onFinish(TrainingSummary summary) {
    offer(new RunEvent.Finished(summary));
  }
}
