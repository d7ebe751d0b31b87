package org.minimind.workbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.app.run.RunDirectoryReader;

class MainWindowViewModelTest {
  private final WorkbenchState state = new WorkbenchState();
  private final MainWindowViewModel vm =
      new MainWindowViewModel(
          state, new SameThreadTaskExecutor(), new ModelOpener(new RunDirectoryReader()));

  @AfterEach
  void close() {
    if (state.model() != null) {
      state.model().close();
    }
  }

  @Test
  void theEndOfATrainingRunIsAnnouncedUntilDismissed() {
    java.time.Clock noon =
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-11-30T12:00:05Z"), java.time.ZoneOffset.UTC);
    MainWindowViewModel window =
        new MainWindowViewModel(
            state, new SameThreadTaskExecutor(), new ModelOpener(new RunDirectoryReader()), noon);
    state
        .events()
        .onFinish(
            new org.minimind.workbench.train.TrainingSummary(
                200,
                org.minimind.workbench.train.TrainingSummary.Reason.MAX_STEPS,
                6.1,
                5.52461,
                12.0,
                null));
    state.drainEvents();
    assertEquals(
        "training finished at step 200 at 12:00:05, best val loss 5.5246",
        window.noticeProperty().get());
    window.dismissNotice();
    assertEquals("", window.noticeProperty().get());
    state
        .events()
        .onFinish(
            new org.minimind.workbench.train.TrainingSummary(
                40,
                org.minimind.workbench.train.TrainingSummary.Reason.STOPPED,
                6.1,
                Double.NaN,
                3.0,
                null));
    state.drainEvents();
    assertEquals("training stopped at step 40 at 12:00:05", window.noticeProperty().get());
  }

  @Test
  void aTokenizerGivenOnTheCommandLineDecodesACheckpointThatCarriesNone(@TempDir Path tmp)
      throws Exception {
    Path pth = Fixtures.dir("seed-tiny").resolve("model.pth");
    vm.open(pth);
    assertNull(state.model().tokenizer(), "the fixture carries no tokenizer");
    Path tokenizer = tmp.resolve("tokenizer.json");
    tokenizerOf(512).save(tokenizer);
    vm.useTokenizer(tokenizer);
    vm.open(pth);
    assertEquals("", vm.errorProperty().get());
    assertEquals(512, state.model().tokenizer().vocabSize());
    Path wrong = tmp.resolve("wrong.json");
    tokenizerOf(300).save(wrong);
    vm.useTokenizer(wrong);
    vm.open(pth);
    assertTrue(vm.errorProperty().get().contains(wrong.toString()), vm.errorProperty().get());
  }

  private static org.minimind.workbench.data.tokenizer.BpeTokenizer tokenizerOf(int vocab) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("the memory layer reads slot ").append(i).append(" of the bank; ");
    }
    return org.minimind.workbench.data.tokenizer.BpeTrainer.builder()
        .vocabSize(vocab)
        .build()
        .train(java.util.List.of(text.toString()));
  }

  @Test
  void opensACheckpointAndReportsItsParameters() {
    vm.open(Fixtures.dir("seed-tiny"));
    assertEquals("", vm.errorProperty().get());
    assertNotNull(state.model());
    assertTrue(
        vm.parameterStatusProperty().get().startsWith("seed-tiny: "),
        vm.parameterStatusProperty().get());
    assertTrue(vm.parameterStatusProperty().get().contains("(memory bank "));
    assertTrue(vm.deviceStatusProperty().get().startsWith("device: cpu"));
    assertTrue(vm.titleProperty().get().endsWith("seed-tiny"));
  }

  @Test
  void withoutAGpuTheDeviceSelectorSaysHowToGetOne() {
    vm.detectDevices();
    assertEquals(java.util.List.of(org.minimind.workbench.model.DeviceChoice.CPU), vm.devices());
    String hint = vm.deviceHintProperty().get();
    assertTrue(hint.contains("for the CPU"), hint);
    assertTrue(hint.contains("install-torch-jni.sh"), hint);
    assertTrue(hint.contains("mvn -Dcuda package"), hint);
  }

  @Test
  void opensAPthFileWithTheConfigBesideIt() {
    vm.open(Fixtures.dir("seed-mha").resolve("model.pth"));
    assertEquals("", vm.errorProperty().get());
    assertEquals(100, state.model().config().knowledgeNum());
  }

  @Test
  void opensARunDirectoryWithItsLatestCheckpointAndMetrics(@TempDir Path run) throws Exception {
    Path step = Fixtures.copySeedTiny(run.resolve("checkpoints").resolve("step-00000007"));
    var record =
        new org.minimind.workbench.run.TrainerRecord(
            7,
            7 * 512,
            5.0,
            5.0,
            "{}",
            org.minimind.workbench.train.TrainSettings.defaults(10),
            java.util.Map.of(),
            12.5);
    Files.writeString(step.resolve("trainer.json"), new com.google.gson.Gson().toJson(record));
    java.util.List<org.minimind.workbench.train.StepMetrics> rows = new java.util.ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      rows.add(TestRuns.step(i, 2));
    }
    org.minimind.workbench.metrics.MetricsCsv.append(run.resolve("metrics.csv"), rows, 2);
    Files.writeString(run.resolve("run.json"), "{}");

    vm.open(run);
    assertEquals("", vm.errorProperty().get());
    assertNotNull(state.model());
    assertEquals(7, state.run().rows());
    assertEquals("checkpoint of step 7, run at step 7", vm.stepStatusProperty().get());
  }

  @Test
  void aMissingPathIsAMessageAndKeepsTheOpenModel() {
    vm.open(Fixtures.dir("seed-tiny"));
    LoadedModel before = state.model();
    vm.open(Path.of("/no/such/checkpoint"));
    assertTrue(
        vm.errorProperty().get().startsWith("cannot open /no/such/checkpoint"),
        vm.errorProperty().get());
    assertSame(before, state.model());
    vm.dismissError();
    assertEquals("", vm.errorProperty().get());
  }

  @Test
  void aBrokenCheckpointIsAMessage(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(Fixtures.dir("seed-tiny").resolve("config.json"))
            .replaceFirst("\"knowledge_num\":\\s*\\d+", "\"knowledge_num\": 1000"));
    Files.writeString(dir.resolve("model.safetensors"), "not a safetensors file");
    vm.open(dir);
    assertTrue(
        vm.errorProperty().get().contains("knowledge_num (1000) must be a perfect square"),
        vm.errorProperty().get());
    assertNull(state.model());

    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(Fixtures.dir("seed-tiny").resolve("config.json")));
    vm.open(dir);
    assertTrue(vm.errorProperty().get().contains("model.safetensors"), vm.errorProperty().get());
    assertTrue(!vm.busyProperty().get());
  }
}
