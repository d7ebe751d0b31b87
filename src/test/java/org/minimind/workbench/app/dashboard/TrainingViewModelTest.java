package org.minimind.workbench.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.SameThreadTaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.metrics.MetricsColumns;

class TrainingViewModelTest {
  private final WorkbenchState state = new WorkbenchState();
  private final TrainingViewModel vm = new TrainingViewModel(state, new SameThreadTaskExecutor());

  @Test
  void trainsATinyRunAndRecordsItsSteps() {
    vm.targetProperty().set(TrainingTarget.TINY);
    vm.stepsProperty().set(3);
    vm.start(); // runs to the end in this thread
    assertFalse(vm.runningProperty().get());
    assertEquals("finished: 3 steps", vm.statusProperty().get());
    assertEquals(3, state.run().rows());
    assertEquals(3, state.currentStepProperty().get());
    assertEquals("step 3", vm.stepTextProperty().get());
    assertEquals(2, state.run().layerCount());
    assertTrue(
        state
            .run()
            .snapshot()
            .column(
                MetricsColumns.groupNorm(org.minimind.workbench.train.ParameterGroup.MEMORY_GATE))
            .allMissing());
    assertFalse(state.run().slotCounts().isEmpty());
    assertTrue(state.run().latestDrift() != null);
  }

  @Test
  void trainsTheTokenMemoryVariantFromTheGui() {
    vm.targetProperty().set(TrainingTarget.TINY);
    vm.memoryVariantProperty().set(org.minimind.workbench.model.MemoryVariant.TOKEN);
    vm.stepsProperty().set(3);
    vm.start();
    assertEquals("finished: 3 steps", vm.statusProperty().get());
    assertTrue(state.run().name().contains("token"), state.run().name());
    var rows = state.run().snapshot();
    assertTrue(rows.column(MetricsColumns.AVG_L2).allMissing(), "token ids have no L2 change");
    assertFalse(
        rows.column(MetricsColumns.TOKEN_CHANGE_RATE).allMissing(),
        "the token memory reports the share of ids it changed");
  }

  @Test
  void continuesTheOpenModelAndKeepsThePreviousRunForComparison() throws Exception {
    try (LoadedModel model = LoadedModel.load(Fixtures.dir("seed-mha"), Device.cpu())) {
      state.modelProperty().set(model);
      vm.stepsProperty().set(2);
      vm.start();
      assertEquals(2, state.run().rows());
      assertTrue(state.run().name().contains("seed-mha"));
      var first = state.run();
      vm.start();
      assertEquals(1, state.comparisonRuns().size());
      assertEquals(first, state.comparisonRuns().get(0));
    }
  }

  @Test
  void theMemoryChoiceShowsTheOpenModelsOwnWhenItIsContinued() {
    var token =
        org.minimind.workbench.train.Preset.TINY
            .config()
            .withMemoryVariant(org.minimind.workbench.model.MemoryVariant.TOKEN);
    var net = org.minimind.workbench.model.MemoryLM.initialize(token, Device.cpu(), 1);
    try (LoadedModel model = new LoadedModel(Path.of("token-model"), net, null)) {
      vm.targetProperty().set(TrainingTarget.OPEN_MODEL);
      state.modelProperty().set(model);
      assertEquals(
          org.minimind.workbench.model.MemoryVariant.TOKEN, vm.memoryVariantProperty().get());
      state.modelProperty().set(null);
    }
  }

  @Test
  void trainsANewRunOnTheSampleCorpusIntoARunDirectory(@TempDir Path tmp) throws Exception {
    Path checkpoint = Fixtures.seedTinyWithTokenizer(tmp.resolve("checkpoint"));
    try (LoadedModel model = LoadedModel.load(checkpoint, Device.cpu())) {
      state.modelProperty().set(model);
      vm.targetProperty().set(TrainingTarget.CORPUS_TINY);
      vm.stepsProperty().set(3);
      Path run = tmp.resolve("run-1");
      vm.startNewRun(run);
      assertEquals("finished: 3 steps", vm.statusProperty().get());
      assertEquals(3, state.run().rows());
      assertTrue(Files.isRegularFile(run.resolve("metrics.csv")));
      assertTrue(Files.isDirectory(run.resolve("checkpoints")));
      assertEquals(run, state.run().directory());
    }
  }

  @Test
  void withoutAModelTheOpenModelTargetSaysSo() {
    vm.targetProperty().set(TrainingTarget.OPEN_MODEL);
    vm.start();
    assertTrue(vm.statusProperty().get().startsWith("no model is open"));
    assertFalse(vm.runningProperty().get());
  }

  @Test
  void followingSomethingThatIsNoRunIsAMessage() {
    vm.follow(java.nio.file.Path.of("/no/such/run"));
    assertTrue(vm.statusProperty().get().contains("not a training run"), vm.statusProperty().get());
    assertFalse(vm.followingProperty().get());
  }
}
