package org.minimind.workbench.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.DriftTracker;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.Kernels;
import org.minimind.workbench.model.LayerTrace;
import org.minimind.workbench.model.MemoryDrift;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.MemoryUsage;
import org.minimind.workbench.model.Ops;
import org.minimind.workbench.model.SlotUsage;
import org.minimind.workbench.model.TokenMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop, as MiniMind's pretraining runs it: next-token cross entropy plus the seed's
 * balance loss, gradient accumulation, clipping of the total gradient norm, AdamW with MiniMind's
 * cosine schedule. It reports to {@link TrainingListener}s and can be paused and stopped from
 * another thread (cooperatively, between steps).
 *
 * <p>The seed's balance loss is a constant (built from selection counts), so it is added to the
 * reported loss and the backward pass runs on the cross entropy alone: the gradients are exactly
 * those of {@code (ce + aux).backward()}.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainSettings settings;
  private final TrainerState state;
  private final Checkpointer checkpointer;
  private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean stopRequested;
  private volatile HostTimes hostTimes = new HostTimes(0, 0, 0);
  private NDManager countsScope; // the latest step's slot counts, while run() runs
  private SlotUsage previousCounts;
  private volatile boolean paused;

  /**
   * @param checkpointer where checkpoints go, or null to keep nothing (benchmarks)
   */
  public Trainer(TrainSettings settings, TrainerState state, Checkpointer checkpointer) {
    this.settings = settings;
    this.state = state;
    this.checkpointer = checkpointer;
  }

  public void addListener(TrainingListener l) {
    listeners.add(l);
  }

  public void removeListener(TrainingListener l) {
    listeners.remove(l);
  }

  /** Asks the loop to stop after the current step (a checkpoint is written). */
  public void requestStop() {
    stopRequested = true;
  }

  public void setPaused(boolean paused) {
    this.paused = paused;
  }

  public boolean isPaused() {
    return paused;
  }

  public TrainerState state() {
    return state;
  }

  /**
   * Where the host's time went in the steps run so far: queuing each step's work (forward,
   * backward, optimizer), and waiting for its results. On a GPU the queuing is asynchronous, so a
   * wait much longer than the queuing means the device, not the host, sets the pace; on the CPU the
   * work happens while it is queued and the wait is short.
   *
   * @param steps optimizer steps timed
   * @param queueSeconds host time from a step's start until its first read-back, summed
   * @param waitSeconds host time blocked in that read-back, summed
   */
  public record HostTimes(long steps, double queueSeconds, double waitSeconds) {
    HostTimes plus(long queueNanos, long waitNanos) {
      return new HostTimes(
          steps + 1, queueSeconds + queueNanos / 1e9, waitSeconds + waitNanos / 1e9);
    }
  }

  /** Host times summed over the steps run so far (thread-safe). */
  public HostTimes hostTimes() {
    return hostTimes;
  }

  /** Runs until max steps, the time budget or a stop request; never throws. */
  public TrainingSummary run() {
    Loop loop = new Loop();
    TrainingSummary.Reason reason;
    Throwable error = null;
    try (DriftTracker bankDrift = loop.bank == null ? null : new DriftTracker(loop.bank);
        NDManager slotCounts = state.model().parameters().manager().newSubManager()) {
      countsScope = slotCounts;
      previousCounts = null;
      reason = loop.run(bankDrift);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = TrainingSummary.Reason.STOPPED;
    } catch (Exception | Error e) {
      LOG.error("training failed at step {}", state.step, e);
      reason = TrainingSummary.Reason.FAILED;
      error = e;
    }
    TrainingSummary summary =
        new TrainingSummary(
            state.step, reason, loop.lastLoss, state.bestValLoss, loop.seconds(), error);
    listeners.forEach(l -> l.onFinish(summary));
    return summary;
  }

  /**
   * One call of {@link #run}: its clock, the learning-rate schedule, the memory's drift baseline
   * and the window that tokens/s is measured over (since the last logged row).
   */
  private final class Loop {
    final long started = System.nanoTime();

    /** Wall time of the earlier runs of a resumed run. */
    final double elapsedBefore = state.elapsedSeconds;

    final MemoryLM model = state.model();
    final TrainingData data = state.data();
    final LrSchedule schedule = settings.schedule();

    /** The continuous memory bank, or null for a token memory (which tracks its own drift). */
    final NDArray bank =
        model.tokenMemory().isEmpty() ? model.parameters().get(MemoryLM.MEMORY_BANK) : null;

    DriftTracker bankDrift;
    long windowStart;
    long windowTokens;

    /** The step the newest checkpoint holds (a resumed run starts from one). */
    long savedStep = state.step;

    double lastLoss = Double.NaN;

    TrainingSummary.Reason run(DriftTracker bankDrift) throws IOException, InterruptedException {
      this.bankDrift = bankDrift;
      if (bankDrift != null) {
        bankDrift.snapshot(bank);
      }
      announceStart();
      restartWindow();
      while (state.step < settings.maxSteps()) {
        if (stopRequested) {
          checkpointIfNewer();
          return TrainingSummary.Reason.STOPPED;
        }
        if (paused) {
          Thread.sleep(50);
          restartWindow();
          continue;
        }
        double lr = schedule.at(state.step);
        StepResult r = step(model, data, lr);
        double tokensPerSecond = count(r);
        TrainingSummary.Reason end = endAfterThisStep();
        boolean ending = end != null;
        boolean evaluate = ending || due(settings.evalInterval());
        double valLoss = evaluate ? validate() : Double.NaN;
        if (ending || evaluate || due(settings.logInterval())) {
          logRow(r, lr, tokensPerSecond, valLoss);
        }
        if (ending || due(settings.slotCountsInterval())) {
          reportSlotCounts(r.slots);
        }
        boolean best = recordBest(valLoss);
        if (ending || best || due(settings.checkpointInterval())) {
          checkpoint(best);
        }
        if (ending) {
          return end;
        }
      }
      return TrainingSummary.Reason.MAX_STEPS;
    }

    private void announceStart() {
      TrainingStart start =
          new TrainingStart(
              model.config(),
              settings,
              state.step,
              model.parameters().count(),
              bank != null ? bank.size() : 0,
              model.device().toString());
      listeners.forEach(l -> l.onStart(start));
    }

    /** Counts the step and its tokens, reports progress, fails on a non-finite loss; tokens/s. */
    private double count(StepResult r) {
      state.step++;
      state.elapsedSeconds = elapsedBefore + seconds();
      long tokens = (long) settings.batchSize() * data.seqLen() * settings.accumulationSteps();
      state.tokensSeen += tokens;
      windowTokens += tokens;
      lastLoss = r.loss;
      double tokPerSec = windowTokens / Math.max((System.nanoTime() - windowStart) / 1e9, 1e-9);
      long step = state.step;
      listeners.forEach(l -> l.onProgress(step, settings.maxSteps(), r.loss, tokPerSec));
      if (!Double.isFinite(r.loss)) {
        throw new IllegalStateException("loss is " + r.loss + " at step " + step);
      }
      return tokPerSec;
    }

    /** Why the run ends with the step just taken, or null when it goes on. */
    private TrainingSummary.Reason endAfterThisStep() {
      if (state.step == settings.maxSteps()) {
        return TrainingSummary.Reason.MAX_STEPS;
      }
      if (settings.timeBudgetSeconds() > 0 && seconds() >= settings.timeBudgetSeconds()) {
        return TrainingSummary.Reason.TIME_BUDGET;
      }
      return stopRequested ? TrainingSummary.Reason.STOPPED : null;
    }

    /** Whether the step just taken is a multiple of {@code interval} (never when it is 0). */
    private boolean due(int interval) {
      return interval > 0 && state.step % interval == 0;
    }

    private double validate() {
      double valLoss = validationLoss(model, data);
      state.lastValLoss = valLoss;
      return valLoss;
    }

    /** One row: the step's numbers and the memory's drift since the previous row. */
    private void logRow(StepResult r, double lr, double tokensPerSecond, double valLoss) {
      long step = state.step;
      float[] perSlot = new float[model.config().knowledgeNum()];
      MemoryDrift drift =
          bankDrift != null
              ? bankDrift.measure(bank, perSlot)
              : model.tokenMemory().get().driftSinceLastLog(perSlot);
      listeners.forEach(l -> l.onSlotDrift(step, perSlot));
      List<LayerStats> layers = new ArrayList<>();
      for (MemoryUsage u : r.slots.layers()) {
        layers.add(LayerStats.of(u));
      }
      StepMetrics m =
          new StepMetrics(
              step,
              state.tokensSeen,
              r.loss,
              r.ce,
              r.aux,
              lr,
              tokensPerSecond,
              r.gradNorm,
              layers,
              drift,
              r.groupNorms,
              valLoss,
              elapsedBefore + seconds());
      listeners.forEach(l -> l.onStep(m));
      restartWindow();
    }

    private void reportSlotCounts(SlotUsage slots) {
      long step = state.step;
      List<int[]> counts = List.of(slots.countsOnHost());
      listeners.forEach(l -> l.onSlotCounts(step, counts));
    }

    /** Whether {@code valLoss} is the lowest so far (then it is kept as the best). */
    private boolean recordBest(double valLoss) {
      boolean best =
          Double.isFinite(valLoss)
              && (Double.isNaN(state.bestValLoss) || valLoss < state.bestValLoss);
      if (best) {
        state.bestValLoss = valLoss;
      }
      return best;
    }

    private void checkpoint(boolean best) throws IOException {
      if (checkpointer == null) {
        return;
      }
      state.elapsedSeconds = elapsedBefore + seconds();
      Path dir = checkpointer.save(state, best);
      savedStep = state.step;
      long step = state.step;
      listeners.forEach(l -> l.onCheckpoint(step, dir, best));
    }

    /** A stop between steps: the last step taken is saved if no checkpoint holds it yet. */
    private void checkpointIfNewer() throws IOException {
      if (state.step != savedStep) {
        checkpoint(false);
      }
    }

    private void restartWindow() {
      windowStart = System.nanoTime();
      windowTokens = 0;
    }

    /** Wall time of this call of {@link #run} (a resumed run's earlier runs not included). */
    double seconds() {
      return (System.nanoTime() - started) / 1e9;
    }
  }

  private record StepResult(
      double loss,
      double ce,
      double aux,
      double gradNorm,
      Map<ParameterGroup, Double> groupNorms,
      SlotUsage slots) {}

  /**
   * One optimizer step over {@code accumulationSteps} micro-batches. The whole step is queued
   * before anything is read back: forward, backward, slot usage, gradient norms and clipping,
   * AdamW; then one wait for the device, and the few numbers the step reports are copied.
   */
  private StepResult step(MemoryLM model, TrainingData data, double lr) {
    long started = System.nanoTime();
    int accum = settings.accumulationSteps();
    if (model.config().dropout() > 0) {
      // Seeding per step keeps dropout masks reproducible across a resume.
      Engine.getInstance().setRandomSeed((int) (settings.seed() + state.step));
    }
    List<NDArray> ces = new ArrayList<>();
    List<SlotUsage> usages = new ArrayList<>();
    try (NDManager scope = model.parameters().manager().newSubManager()) {
      BoundParameters leaves = model.bind(scope, true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        for (int micro = 0; micro < accum; micro++) {
          try (NDManager mb = scope.newSubManager()) {
            long[] ids = data.nextBatch();
            NDArray batch = mb.create(ids, new Shape(data.batchSize(), data.seqLen() + 1));
            NDArray inputs = batch.get(new NDIndex(":, :-1")); // (B, T)
            NDArray targets = batch.get(new NDIndex(":, 1:")); // (B, T)
            ForwardOutput out =
                model.forward(
                    leaves.lendTo(mb),
                    inputs,
                    ForwardOptions.train().withPrecision(settings.precision()));
            NDArray ce = MemoryLM.crossEntropy(out.logits(), targets);
            // the backward pass needs the log-probabilities, not the logits (B, T, V): free them
            out.logits().close();
            gc.backward(accum == 1 ? ce : ce.div(Ops.scalar(mb, accum)));
            // what the step reports outlives the micro-batch
            ce.attach(scope);
            ces.add(ce);
            SlotUsage usage = out.usage();
            usage.keepIn(scope);
            usages.add(usage);
            if (model.tokenMemory().isPresent()) {
              List<long[]> selected = new ArrayList<>();
              for (LayerTrace t : out.layers()) {
                selected.add(t.memoryIndices().toLongArray());
              }
              model
                  .tokenMemory()
                  .get()
                  .record(
                      inputsOf(ids, data.batchSize(), data.seqLen()),
                      data.batchSize(),
                      data.seqLen(),
                      selected);
            }
          }
        }
      }
      Map<String, NDArray> grads = leaves.gradients();
      List<String> names = List.copyOf(grads.keySet());
      // each gradient's norm, then all of them scaled to a total of at most gradClip
      NDArray norms = Kernels.get().clipGradNorm(List.copyOf(grads.values()), settings.gradClip());
      state.optimizer().step(model.parameters(), grads, lr);
      if (model.tokenMemory().isPresent()) {
        // The token memory's EMA write: outside autograd, every ema_update_freq steps.
        TokenMemory.Update update =
            model.tokenMemory().get().stepCompleted(model.parameters().get(MemoryLM.EMBEDDING));
        if (update != null) {
          LOG.debug("token memory update at step {}: {}", state.step + 1, update);
        }
      }
      // Read back: this waits for the device to finish the step.
      long queued = System.nanoTime();
      float[] gradNorms = norms.toFloatArray();
      hostTimes = hostTimes.plus(queued - started, System.nanoTime() - queued);
      Map<ParameterGroup, Double> groupSq = new EnumMap<>(ParameterGroup.class);
      double totalSq = 0;
      for (int i = 0; i < gradNorms.length; i++) {
        double sq = (double) gradNorms[i] * gradNorms[i];
        totalSq += sq;
        groupSq.merge(ParameterGroup.of(names.get(i)), sq, Double::sum);
      }
      Map<ParameterGroup, Double> groupNorms = new EnumMap<>(ParameterGroup.class);
      for (ParameterGroup group : ParameterGroup.values()) {
        Double sq = groupSq.get(group);
        groupNorms.put(group, sq == null ? null : Math.sqrt(sq));
      }
      double ceSum = 0;
      double auxSum = 0;
      for (int i = 0; i < accum; i++) {
        ceSum += ces.get(i).getFloat();
        auxSum += usages.get(i).balanceLoss();
      }
      // the last micro-batch's per-slot counts stay on the device until the next step, in case
      // this step's are recorded (decided after the step: a stop or the time budget may end it)
      SlotUsage last = usages.get(accum - 1);
      last.keepCountsIn(countsScope);
      if (previousCounts != null) {
        previousCounts.closeCounts();
      }
      previousCounts = last;
      double ce = ceSum / accum;
      double aux = auxSum / accum;
      return new StepResult(
          ce + settings.auxCoefficient() * aux, ce, aux, Math.sqrt(totalSq), groupNorms, last);
    }
  }

  /** The first T of each row of a B x (T+1) batch: the input ids, (B, T) row-major. */
  private static long[] inputsOf(long[] rows, int b, int t) {
    long[] inputs = new long[b * t];
    for (int r = 0; r < b; r++) {
      System.arraycopy(rows, r * (t + 1), inputs, r * t, t);
    }
    return inputs;
  }

  /** Mean validation cross entropy over the held-out batches (NaN when there are none). */
  private double validationLoss(MemoryLM model, TrainingData data) {
    List<long[]> batches = data.validationBatches(settings.evalBatches());
    if (batches.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (long[] ids : batches) {
      sum += Evaluation.crossEntropy(model, ids, data.batchSize(), data.seqLen());
    }
    return sum / batches.size();
  }
}
