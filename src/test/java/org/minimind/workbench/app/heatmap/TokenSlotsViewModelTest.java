package org.minimind.workbench.app.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.SameThreadTaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.app.slots.SlotHighlight;

class TokenSlotsViewModelTest {
  private final SameThreadTaskExecutor executor = new SameThreadTaskExecutor();
  private final WorkbenchState state = new WorkbenchState();
  private final SlotFocus focus = new SlotFocus(state, executor);
  private final TokenSlotsViewModel vm = new TokenSlotsViewModel(focus, executor);

  @AfterEach
  void close() {
    if (state.model() != null) {
      state.model().close();
    }
  }

  @Test
  void listsTheSlotsEachLayerChoseForEachToken() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-wide"), Device.cpu()));
    focus.promptProperty().set("5 17 42 42 299");
    focus.analyze();
    assertEquals(5, vm.rows().size());
    assertEquals(3, vm.layerCountProperty().get());
    TokenRow r = vm.rows().get(2);
    assertEquals(42, r.id());
    assertEquals(3, r.layers().size());
    assertEquals(5, r.layers().get(0).split(" ").length, r.layers().get(0));
    assertTrue(r.layers().get(0).matches("(\\d+:\\.\\d\\d ?)+"), r.layers().get(0));
  }

  @Test
  void selectingATokenHighlightsItsSlotsInEveryLayer() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-wide"), Device.cpu()));
    focus.promptProperty().set("5 17 42");
    focus.analyze();
    vm.selectedTokenProperty().set(1);
    SlotHighlight h = focus.highlightProperty().get();
    assertTrue(h.label().startsWith("token 1"));
    for (int layer = 0; layer < 3; layer++) {
      assertArrayEquals(focus.trace().selection(1, layer).slots(), h.slots(layer));
    }
    assertEquals(5, vm.grid().highlight().getDataCount());
    vm.selectedTokenProperty().set(-1);
    assertEquals(0, focus.highlightProperty().get().slots(0).length);
  }

  @Test
  void exportsTheTableAsCsv(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-wide"), Device.cpu()));
    focus.promptProperty().set("5 17 42");
    focus.analyze();
    java.nio.file.Path file = dir.resolve("t.csv");
    vm.exportCsv(file);
    assertTrue(vm.messageProperty().get().startsWith("wrote"), vm.messageProperty().get());
    java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
    assertEquals(4, lines.size());
    assertEquals(
        "position,id,token,layer_0_slots,layer_0_scores,layer_1_slots,layer_1_scores,"
            + "layer_2_slots,layer_2_scores",
        lines.get(0));
    assertTrue(lines.get(2).startsWith("1,17,#17,"), lines.get(2));
  }

  @Test
  void cellsShowSlotsWithTwoDigitScores() {
    assertEquals(
        "12:.50 7:.25", TokenSlotsViewModel.cell(new int[] {12, 7}, new float[] {0.5f, 0.25f}));
    assertEquals("3:1.00", TokenSlotsViewModel.cell(new int[] {3}, new float[] {1f}));
  }
}
