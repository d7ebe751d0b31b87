package org.minimind.workbench.app.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.SameThreadTaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.model.generate.GeneratedToken;

class GenerationViewModelTest {
  private final SameThreadTaskExecutor executor = new SameThreadTaskExecutor();
  private final WorkbenchState state = new WorkbenchState();
  private final SlotFocus focus = new SlotFocus(state, executor);
  private final GenerationViewModel vm = new GenerationViewModel(state, focus, executor);

  @AfterEach
  void close() {
    if (state.model() != null) {
      state.model().close();
    }
  }

  private List<Integer> ids() {
    return vm.tokens().stream().map(GeneratedToken::id).toList();
  }

  @Test
  void generatesTheRequestedTokensAndTheSameOnesForTheSameSeed() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-tiny"), Device.cpu()));
    assertEquals("1 2 3", vm.promptProperty().get(), "no tokenizer: the prompt is ids");
    vm.promptProperty().set("5 17 42");
    vm.maxTokensProperty().set(8);
    vm.generate();
    assertFalse(vm.runningProperty().get());
    assertTrue(vm.tokens().size() <= 8 && !vm.tokens().isEmpty(), vm.statusProperty().get());
    assertTrue(vm.statusProperty().get().contains("tokens/s"), vm.statusProperty().get());
    assertTrue(vm.textProperty().get().startsWith("#"));
    List<Integer> first = ids();
    vm.generate();
    assertEquals(first, ids(), "same seed, same tokens");
    vm.seedProperty().set("7");
    vm.temperatureProperty().set(1.5);
    vm.generate();
    assertFalse(vm.tokens().isEmpty());
  }

  @Test
  void hoveringATokenDescribesItAndFramesItsSlots() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-wide"), Device.cpu()));
    vm.promptProperty().set("5 17 42");
    vm.maxTokensProperty().set(4);
    vm.generate();
    vm.hover(1);
    GeneratedToken t = vm.tokens().get(1);
    String d = vm.detailsProperty().get();
    assertTrue(d.startsWith("token 1 "), d);
    assertTrue(d.contains("top 5:"), d);
    assertTrue(d.contains("layer 2:"), d);
    assertArrayEquals(t.memory().layers().get(0).slots(), focus.highlightProperty().get().slots(0));
    assertEquals(5, vm.grid().highlightCountProperty().get());
    assertEquals(4L * 5, vm.grid().total(), "the grid counts the slots every generated token read");
    vm.hover(-1);
    assertEquals(0, focus.highlightProperty().get().slots(0).length);
  }

  @Test
  void badSettingsAreMessages() throws Exception {
    vm.generate();
    assertEquals("open a checkpoint first", vm.statusProperty().get());
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-tiny"), Device.cpu()));
    vm.seedProperty().set("abc");
    vm.generate();
    assertTrue(vm.statusProperty().get().startsWith("the seed must be a whole number"));
    vm.seedProperty().set("1");
    vm.topPProperty().set(0);
    vm.generate();
    assertTrue(vm.statusProperty().get().startsWith("top-p"), vm.statusProperty().get());
    vm.topPProperty().set(0.9);
    vm.promptProperty().set("1 99999");
    vm.generate();
    assertTrue(vm.statusProperty().get().contains("outside the vocabulary"), vm.statusProperty().get());
  }
}
