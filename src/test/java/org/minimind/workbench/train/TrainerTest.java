package org.minimind.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;

class TrainerTest {
  static final ModelConfig CFG = new ModelConfig(32, 2, 4, 2, 97, 24, 0, 1e-5, 1e4, 64, 8, 3);

  static TrainSettings settings(long steps, double lr) {
    return TrainSettings.defaults(steps)
        .withBatchSize(4)
        .withLr(lr)
        .withSeed(9)
        .withLogInterval(1)
        .withEvalInterval(0)
        .withEvalBatches(1)
        .withCheckpointInterval(1000)
        .withKeepLast(1)
        .withSlotCountsInterval(1000);
  }

  /** Losses of every step. */
  static List<Double> losses(TrainingData data, TrainSettings s, long seed) {
    List<Double> out = new ArrayList<>();
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), seed);
        AdamW opt = new AdamW(model.parameters().manager(), s.optimizer())) {
      Trainer t = new Trainer(s, new TrainerState(model, opt, data), null);
      t.addListener(
          new TrainingListener() {
            @Override
            public void onProgress(long step, long total, double loss, double tps) {
              out.add(loss);
            }
          });
      TrainingSummary summary = t.run();
      assertEquals(
          TrainingSummary.Reason.MAX_STEPS, summary.reason(), String.valueOf(summary.error()));
    }
    return out;
  }

  @Test
  void sameSeedGivesTheSameFirstTwentyLosses() {
    TrainSettings s = settings(20, 5e-4);
    List<Double> a = losses(new RandomTokenData(4, 24, CFG.vocabSize(), 3), s, 42);
    List<Double> b = losses(new RandomTokenData(4, 24, CFG.vocabSize(), 3), s, 42);
    assertEquals(20, a.size());
    assertEquals(a, b, "bitwise-equal losses from the same seed");
    List<Double> c = losses(new RandomTokenData(4, 24, CFG.vocabSize(), 3), s, 43);
    assertTrue(!a.equals(c), "another seed gives another run");
  }

  @Test
  void overfitsOneBatch() {
    RandomTokenData once = new RandomTokenData(4, 24, CFG.vocabSize(), 5);
    long[] batch = once.nextBatch();
    TrainingData fixed =
        new TrainingData() {
          public int batchSize() {
            return 4;
          }

          public int seqLen() {
            return 24;
          }

          public long[] nextBatch() {
            return batch.clone();
          }

          public List<long[]> validationBatches(int max) {
            return List.of(batch);
          }

          public String position() {
            return "{}";
          }

          public void restore(String p) {}
        };
    TrainSettings s = settings(150, 1e-2);
    List<Double> ce = new ArrayList<>();
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 1);
        AdamW opt = new AdamW(model.parameters().manager(), s.optimizer())) {
      Trainer t = new Trainer(s, new TrainerState(model, opt, fixed), null);
      t.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              ce.add(m.ce());
            }
          });
      t.run();
      double first = ce.get(0);
      double last = ce.get(ce.size() - 1);
      assertTrue(first > 4, "starts near ln(97) = 4.57, got " + first);
      assertTrue(last < 0.5, "memorises one batch: cross entropy " + first + " -> " + last);
      assertEquals(last, Evaluation.crossEntropy(model, batch, 4, 24), 0.5);
    }
  }

  @Test
  void reportsTheGateWithoutGradientAndStopsOnRequest() {
    TrainSettings s = settings(1000, 5e-4);
    List<StepMetrics> rows = new ArrayList<>();
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 1);
        AdamW opt = new AdamW(model.parameters().manager(), s.optimizer())) {
      Trainer t =
          new Trainer(s, new TrainerState(model, opt, new RandomTokenData(4, 24, 97, 1)), null);
      float[] keysBefore = model.parameters().get("layers.0.memory_gate.keys").toFloatArray();
      t.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              rows.add(m);
              if (m.step() == 3) {
                t.requestStop();
              }
            }
          });
      TrainingSummary summary = t.run();
      assertEquals(TrainingSummary.Reason.STOPPED, summary.reason());
      assertEquals(3, summary.lastStep());
      StepMetrics m = rows.get(0);
      assertNull(
          m.groupGradNorms().get(ParameterGroup.MEMORY_GATE), "the seed's gate gets no gradient");
      assertTrue(m.groupGradNorms().get(ParameterGroup.MEMORY_BANK) > 0);
      assertTrue(m.groupGradNorms().get(ParameterGroup.ATTENTION) > 0);
      assertEquals(CFG.nLayers(), m.layers().size());
      assertTrue(m.drift().avgL2Change() > 0, "the bank moves");
      assertArrayEquals(
          keysBefore,
          model.parameters().get("layers.0.memory_gate.keys").toFloatArray(),
          "untrained keys stay as initialised");
    }
  }

  @Test
  void aStopAskedWhileAStepIsReportedStillSavesThatStep() {
    TrainSettings s = settings(1000, 5e-4).withLogInterval(2);
    List<Long> saved = new ArrayList<>();
    try (MemoryLM model = MemoryLM.initialize(CFG, Device.cpu(), 1);
        AdamW opt = new AdamW(model.parameters().manager(), s.optimizer())) {
      TrainerState state = new TrainerState(model, opt, new RandomTokenData(4, 24, 97, 1));
      Trainer t =
          new Trainer(
              s,
              state,
              (st, best) -> {
                saved.add(st.step());
                return java.nio.file.Path.of("step-" + st.step());
              });
      t.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              if (m.step() == 4) {
                t.requestStop(); // after the step decided it was not the last one
              }
            }
          });
      TrainingSummary summary = t.run();
      assertEquals(TrainingSummary.Reason.STOPPED, summary.reason());
      assertEquals(4, summary.lastStep());
      assertEquals(List.of(4L), saved, "the step the stop came in is checkpointed, once");
    }
  }

  @Test
  void scheduleIsMiniMindsCosine() {
    LrSchedule s = new LrSchedule(1e-3, 100, 0);
    assertEquals(1.1e-3, s.at(0), 1e-12);
    assertEquals(1e-4 + 0.5e-3, s.at(50), 1e-12);
    assertEquals(1e-4, s.at(100), 1e-12);
    assertEquals(1e-4, s.at(150), 1e-12, "past its length the cosine stays at its floor");
    LrSchedule w = new LrSchedule(1e-3, 100, 10);
    assertEquals(new LrSchedule(1e-3, 100, 0).at(10) / 10, w.at(0), 1e-12);
    assertEquals(s.at(10), w.at(10), 1e-12);
  }
}
