package org.minimind.workbench.app.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.fair_acc.dataset.DataSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.SameThreadTaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.run.RunHistory;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.app.slots.SlotGridModel;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.model.generate.SlotTrace;

class HeatmapViewModelTest {
  private final SameThreadTaskExecutor executor = new SameThreadTaskExecutor();
  private final WorkbenchState state = new WorkbenchState();
  private final SlotFocus focus = new SlotFocus(state, executor);
  private final HeatmapViewModel vm = new HeatmapViewModel(state, focus, executor);

  @AfterEach
  void close() {
    if (state.model() != null) {
      state.model().close();
    }
  }

  private static RunHistory runWithCounts() {
    RunHistory run = new RunHistory("run", null);
    // 2 layers on a 4 x 4 grid, three snapshots
    run.addSlotCounts(new SlotCountsFile.Snapshot(10, new int[][] {counts(1, 3), counts(5, 1)}));
    run.addSlotCounts(new SlotCountsFile.Snapshot(20, new int[][] {counts(1, 1), counts(6, 2)}));
    run.addSlotCounts(new SlotCountsFile.Snapshot(30, new int[][] {counts(2, 4), counts(6, 2)}));
    return run;
  }

  private static int[] counts(int slot, int n) {
    int[] c = new int[16];
    c[slot] = n;
    c[15] = 1;
    return c;
  }

  @Test
  void sumsTheWindowOfTrainingSnapshotsOnTheGrid() {
    state.showRun(runWithCounts());
    assertEquals(HeatmapViewModel.Source.TRAINING, vm.sourceProperty().get());
    assertEquals(2, vm.layerCountProperty().get());
    assertEquals(3, vm.snapshotsProperty().get());
    assertEquals(4, vm.grid().side());
    int[] c = vm.grid().counts();
    assertEquals(4, c[1]);
    assertEquals(4, c[2]);
    assertEquals(3, c[15]);
    assertTrue(vm.summaryProperty().get().contains("steps 10 to 30"), vm.summaryProperty().get());

    vm.windowFromProperty().set(2);
    assertEquals(0, vm.grid().counts()[1]);
    assertEquals(4, vm.grid().counts()[2]);

    vm.layerProperty().set(1);
    assertEquals(2, vm.grid().counts()[6]);
  }

  @Test
  void aTokenMemorySlotShowsItsContentAsText() throws Exception {
    // A token-memory model with a tokenizer: 16 slots of 2 ids each, slot 1 = "ab" + "cd".
    var cfg =
        new org.minimind.workbench.model.ModelConfig(8, 1, 2, 1, 300, 8, 0, 1e-5, 1e4, 16, 4, 2)
            .withMemoryVariant(org.minimind.workbench.model.MemoryVariant.TOKEN)
            .withTokenMemory(
                new org.minimind.workbench.model.TokenMemorySettings(
                    2,
                    0.9,
                    5,
                    org.minimind.workbench.model.TokenMemorySettings.KnowledgeRead.MEAN));
    var tok =
        org.minimind.workbench.data.tokenizer.BpeTrainer.builder()
            .vocabSize(300)
            .build()
            .train(java.util.List.of("ab cd ab cd ab cd"));
    int ab = tok.encode("ab")[0];
    int cd = tok.encode(" cd")[0];
    int[] ids = new int[32];
    ids[2] = ab;
    ids[3] = cd;
    var model = org.minimind.workbench.model.MemoryLM.initialize(cfg, Device.cpu(), 1);
    model.tokenMemory().orElseThrow().initializeFromWindows(ids, 0);
    int[] slot1 = model.tokenMemory().get().slot(1);
    state.modelProperty().set(new LoadedModel(Fixtures.dir("seed-tiny"), model, tok));
    state.showRun(runWithCounts());
    String text = vm.grid().hover(1.2, 0.3); // column 1, row 0: slot 1
    assertTrue(text.contains("holds: \"" + tok.decode(slot1, false) + "\""), text);
  }

  @Test
  void theLogScaleDrawsUnusedSlotsBelowOneSelection() {
    state.showRun(runWithCounts());
    double[] z = vm.grid().grid().getValues(DataSet.DIM_Z);
    assertEquals(SlotGridModel.ZERO_ON_LOG, z[0]);
    assertEquals(4, z[1]);
    assertEquals(SlotGridModel.ZERO_ON_LOG, vm.grid().zMin());
    vm.logScaleProperty().set(false);
    assertEquals(0, vm.grid().grid().getValues(DataSet.DIM_Z)[0]);
  }

  @Test
  void hoveringACellDescribesItsSlot() {
    state.showRun(runWithCounts());
    // slot 6 = row 1, column 2 on the 4 x 4 grid; x is the column, y the row
    vm.layerProperty().set(1);
    String text = vm.grid().hover(2.2, 0.9);
    assertEquals("slot 6 (row 1, column 2): 4 selections, 50.00% of 8", text);
    assertEquals(text, vm.grid().hoverTextProperty().get());
    assertEquals("", vm.grid().hover(7, 7));
  }

  @Test
  void aPromptIsTracedThroughTheOpenModel() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-tiny"), Device.cpu()));
    SlotTrace t = focus.trace();
    assertNotNull(t, focus.errorProperty().get());
    assertEquals(HeatmapViewModel.Source.PROMPT, vm.sourceProperty().get());
    int k = state.model().config().numSelected();
    assertEquals((long) t.length() * k, vm.grid().total());
    assertEquals(32, vm.grid().side());

    focus.focusToken(1);
    double[] x = vm.grid().highlight().getValues(DataSet.DIM_X);
    int[] expected = t.selection(1, 0).slots();
    assertEquals(k, vm.grid().highlight().getDataCount());
    assertEquals(expected[0] % 32, (int) x[0]);
  }

  @Test
  void aBadPromptIsReportedNotThrown() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-tiny"), Device.cpu()));
    focus.promptProperty().set("1 2 banana");
    focus.analyze();
    assertTrue(
        focus.errorProperty().get().contains("no tokenizer.json"), focus.errorProperty().get());
    focus.promptProperty().set("1 99999");
    focus.analyze();
    assertTrue(focus.errorProperty().get().contains("outside the vocabulary"));
  }

  @Test
  void exportsTheGridAsCsv(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    state.showRun(runWithCounts());
    java.nio.file.Path file = dir.resolve("h.csv");
    vm.exportCsv(file);
    java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
    assertEquals(17, lines.size());
    assertEquals("slot,row,column,count", lines.get(0));
    assertEquals("1,0,1,4", lines.get(2));
    assertEquals("15,3,3,3", lines.get(16));
  }

  @Test
  void summingNeedsTheLayer() {
    int[] sum = HeatmapViewModel.sum(runWithCounts().slotCounts(), 0);
    assertArrayEquals(new int[] {0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}, sum);
  }
}
