package org.minimind.workbench.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.minimind.workbench.model.BoundParameters;
import org.minimind.workbench.model.DriftTracker;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.LayerTrace;
import org.minimind.workbench.model.MemoryDrift;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.MemoryUsage;
import org.minimind.workbench.model.Ops;
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

  /** Runs until max steps, the time budget or a stop request; never throws. */
  public TrainingSummary run() {
    long started = System.nanoTime();
    MemoryLM model = state.model();
    TrainingData data = state.data();
    LrSchedule schedule = settings.schedule();
    double lastLoss = Double.NaN;
    TrainingSummary.Reason reason = TrainingSummary.Reason.MAX_STEPS;
    Throwable error = null;
    boolean continuous = model.tokenMemory().isEmpty();
    NDArray bank = continuous ? model.parameters().get(MemoryLM.MEMORY_BANK) : null;
    try (DriftTracker drift = continuous ? new DriftTracker(bank) : null) {
      if (continuous) {
        drift.snapshot(bank);
      }
      TrainingStart start =
          new TrainingStart(
              model.config(),
              settings,
              state.step,
              model.parameters().count(),
              continuous ? bank.size() : 0,
              model.device().toString());
      listeners.forEach(l -> l.onStart(start));
      long intervalStart = System.nanoTime();
      long intervalTokens = 0;
      while (state.step < settings.maxSteps()) {
        if (stopRequested) {
          reason = TrainingSummary.Reason.STOPPED;
          break;
        }
        if (paused) {
          Thread.sleep(50);
          intervalStart = System.nanoTime();
          intervalTokens = 0;
          continue;
        }
        double lr = schedule.at(state.step);
        StepResult r = step(model, data, lr);
        state.step++;
        long tokens = (long) settings.batchSize() * data.seqLen() * settings.accumulationSteps();
        state.tokensSeen += tokens;
        intervalTokens += tokens;
        lastLoss = r.loss;
        double elapsedInterval = (System.nanoTime() - intervalStart) / 1e9;
        double tokPerSec = intervalTokens / Math.max(elapsedInterval, 1e-9);
        long step = state.step;
        listeners.forEach(l -> l.onProgress(step, settings.maxSteps(), r.loss, tokPerSec));
        if (!Double.isFinite(r.loss)) {
          throw new IllegalStateException("loss is " + r.loss + " at step " + step);
        }

        boolean last = step == settings.maxSteps();
        boolean overBudget =
            settings.timeBudgetSeconds() > 0
                && (System.nanoTime() - started) / 1e9 >= settings.timeBudgetSeconds();
        boolean ending = last || overBudget || stopRequested;
        boolean evaluate =
            ending || (settings.evalInterval() > 0 && step % settings.evalInterval() == 0);
        double valLoss = Double.NaN;
        if (evaluate) {
          valLoss = validationLoss(model, data);
          state.lastValLoss = valLoss;
        }
        if (ending || step % settings.logInterval() == 0 || evaluate) {
          float[] perSlot = new float[model.config().knowledgeNum()];
          MemoryDrift d =
              continuous
                  ? drift.measure(bank, perSlot)
                  : model.tokenMemory().get().driftSinceLastLog(perSlot);
          listeners.forEach(l -> l.onSlotDrift(step, perSlot));
          List<LayerStats> layers = new ArrayList<>();
          for (MemoryUsage u : r.usage) {
            layers.add(LayerStats.of(u));
          }
          StepMetrics m =
              new StepMetrics(
                  step, state.tokensSeen, r.loss, r.ce, r.aux, lr, tokPerSec, r.gradNorm, layers,
                  d, r.groupNorms, valLoss, (System.nanoTime() - started) / 1e9);
          listeners.forEach(l -> l.onStep(m));
          intervalStart = System.nanoTime();
          intervalTokens = 0;
        }
        if (ending || step % settings.slotCountsInterval() == 0) {
          List<int[]> counts = new ArrayList<>();
          for (MemoryUsage u : r.usage) {
            counts.add(u.counts());
          }
          listeners.forEach(l -> l.onSlotCounts(step, counts));
        }
        boolean best =
            Double.isFinite(valLoss)
                && (Double.isNaN(state.bestValLoss) || valLoss < state.bestValLoss);
        if (best) {
          state.bestValLoss = valLoss;
        }
        if (checkpointer != null
            && (ending || best || step % settings.checkpointInterval() == 0)) {
          var dir = checkpointer.save(state, best);
          listeners.forEach(l -> l.onCheckpoint(step, dir, best));
        }
        if (overBudget && !last) {
          reason = TrainingSummary.Reason.TIME_BUDGET;
          break;
        }
        if (stopRequested && !last) {
          reason = TrainingSummary.Reason.STOPPED;
          break;
        }
      }
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
            state.step, reason, lastLoss, state.bestValLoss, (System.nanoTime() - started) / 1e9,
            error);
    listeners.forEach(l -> l.onFinish(summary));
    return summary;
  }

  private record StepResult(
      double loss,
      double ce,
      double aux,
      double gradNorm,
      Map<ParameterGroup, Double> groupNorms,
      List<MemoryUsage> usage) {}

  /** One optimizer step over {@code accumulationSteps} micro-batches. */
  private StepResult step(MemoryLM model, TrainingData data, double lr) {
    int accum = settings.accumulationSteps();
    if (model.config().dropout() > 0) {
      // Seeding per step keeps dropout masks reproducible across a resume.
      Engine.getInstance().setRandomSeed((int) (settings.seed() + state.step));
    }
    double ceSum = 0;
    double auxSum = 0;
    List<MemoryUsage> usage = List.of();
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
                model.forward(leaves.aliasIn(mb), inputs, ForwardOptions.train());
            NDArray ce = MemoryLM.crossEntropy(out.logits(), targets);
            gc.backward(accum == 1 ? ce : ce.div(Ops.scalar(mb, accum)));
            ceSum += ce.getFloat();
            auxSum += out.auxLoss();
            List<MemoryUsage> u = new ArrayList<>();
            List<long[]> selected = new ArrayList<>();
            for (LayerTrace t : out.layers()) {
              u.add(t.usage());
              selected.add(t.indicesOnHost());
            }
            usage = u;
            if (model.tokenMemory().isPresent()) {
              model.tokenMemory().get()
                  .record(inputsOf(ids, data.batchSize(), data.seqLen()), data.batchSize(),
                      data.seqLen(), selected);
            }
          }
        }
      }
      Map<ParameterGroup, Double> groupSq = new EnumMap<>(ParameterGroup.class);
      double totalSq = 0;
      List<NDArray> grads = new ArrayList<>();
      for (String name : model.parameters().names()) {
        Optional<NDArray> g = leaves.gradient(name);
        if (g.isEmpty()) {
          continue;
        }
        grads.add(g.get());
        double norm = g.get().norm().getFloat();
        totalSq += norm * norm;
        groupSq.merge(ParameterGroup.of(name), norm * norm, Double::sum);
      }
      double total = Math.sqrt(totalSq);
      if (settings.gradClip() > 0) {
        // torch.nn.utils.clip_grad_norm_: scale by max_norm / (total + 1e-6) when below 1.
        double coef = settings.gradClip() / (total + 1e-6);
        if (coef < 1) {
          for (NDArray g : grads) {
            g.muli(coef);
          }
        }
      }
      state.optimizer().step(model.parameters(), leaves, lr);
      if (model.tokenMemory().isPresent()) {
        // The token memory's EMA write: outside autograd, every ema_update_freq steps.
        TokenMemory.Update update =
            model.tokenMemory().get().stepCompleted(model.parameters().get(MemoryLM.EMBEDDING));
        if (update != null) {
          LOG.debug("token memory update at step {}: {}", state.step + 1, update);
        }
      }
      Map<ParameterGroup, Double> groupNorms = new EnumMap<>(ParameterGroup.class);
      for (ParameterGroup group : ParameterGroup.values()) {
        Double sq = groupSq.get(group);
        groupNorms.put(group, sq == null ? null : Math.sqrt(sq));
      }
      double ce = ceSum / accum;
      double aux = auxSum / accum;
      return new StepResult(
          ce + settings.auxCoefficient() * aux, ce, aux, total, groupNorms, usage);
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
