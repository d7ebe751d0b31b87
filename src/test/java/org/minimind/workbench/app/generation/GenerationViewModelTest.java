package org.minimind.workbench.app.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.generate.GeneratedToken;
import org.minimind.workbench.model.generate.GenerationSettings;
import org.minimind.workbench.model.generate.SamplingSettings;
import org.minimind.workbench.slots.InterventionComparison;

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
    assertTrue(
        vm.statusProperty().get().contains("outside the vocabulary"), vm.statusProperty().get());
  }

  @Test
  void withoutAnInterventionGenerateTakesThePlainPath() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-tiny"), Device.cpu()));
    vm.promptProperty().set("5 17 42");
    vm.maxTokensProperty().set(6);
    vm.intervention().ablateProperty().set("  ");
    vm.generate();
    assertNull(vm.comparisonProperty().get());
    assertFalse(vm.tokens().isEmpty());
    assertTrue(vm.statusProperty().get().contains("tokens/s"), vm.statusProperty().get());
  }

  @Test
  void anInterventionGeneratesWithAndWithoutItFromTheSameSeed() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-tiny"), Device.cpu()));
    vm.promptProperty().set("5 17 42");
    vm.maxTokensProperty().set(12);
    vm.seedProperty().set("3");
    vm.generate();
    List<Integer> plain = ids();

    vm.intervention().layersOffProperty().set("0");
    vm.intervention().ablateProperty().set("1:5, 1:9");
    vm.intervention().modeProperty().set(Intervention.Mode.ZERO);
    vm.generate();
    InterventionComparison.Result r = vm.comparisonProperty().get();
    assertNotNull(r, vm.statusProperty().get());
    assertEquals(
        Intervention.parse("--ablate 1:5,1:9 --ablate-mode zero --ablate-layer 0"),
        r.intervention());
    assertEquals(
        plain,
        java.util.Arrays.stream(r.baseline().ids()).boxed().toList(),
        "the baseline is the plain generation with the same seed");
    assertTrue(vm.tokens().isEmpty(), "the single-text view is left empty");
    assertFalse(vm.runningProperty().get());

    InterventionComparison.Result headless =
        state
            .model()
            .use(
                m ->
                    InterventionComparison.compare(
                        m,
                        null,
                        new int[] {5, 17, 42},
                        GenerationSettings.defaults()
                            .withMaxNewTokens(12)
                            .withSampling(
                                new SamplingSettings(
                                    SamplingSettings.DEFAULT_TEMPERATURE,
                                    SamplingSettings.DEFAULT_TOP_P,
                                    0,
                                    0,
                                    SamplingSettings.DEFAULT_REPETITION_PENALTY,
                                    3)),
                        r.intervention()));
    assertArrayEquals(headless.intervened().ids(), r.intervened().ids());
    assertEquals(headless.firstDifference(), r.firstDifference());
    String summary = vm.statusProperty().get();
    assertTrue(
        r.firstDifference() < 0
            ? summary.equals("identical for all " + r.baseline().ids().length + " tokens")
            : summary.startsWith("parted at token " + r.firstDifference() + " "),
        summary);
    assertEquals("#" + r.intervened().ids()[0] + " ", vm.pieces(r, true).get(0));

    vm.hoverChange(0);
    assertTrue(
        vm.detailsProperty().get().startsWith("token 0 '#" + r.intervened().ids()[0] + "': p "),
        vm.detailsProperty().get());

    vm.intervention().layersOffProperty().set("");
    vm.intervention().ablateProperty().set("");
    vm.generate();
    assertNull(vm.comparisonProperty().get(), "cleared fields: a plain generation again");
    assertEquals(plain, ids());
  }

  @Test
  void ablatingASlotAppendsItToTheField() {
    vm.ablate(new SlotRef(1, 7));
    assertEquals("1:7", vm.intervention().ablateProperty().get());
    vm.ablate(new SlotRef(0, 300));
    assertEquals("1:7,0:300", vm.intervention().ablateProperty().get());
    vm.ablate(new SlotRef(1, 7));
    assertEquals("1:7,0:300", vm.intervention().ablateProperty().get(), "already there");
    assertEquals("", vm.intervention().errorProperty().get());
  }

  @Test
  void aBadInterventionIsAMessageAndGeneratesNothing() throws Exception {
    state.modelProperty().set(LoadedModel.load(Fixtures.dir("seed-tiny"), Device.cpu()));
    vm.intervention().ablateProperty().set("0:2000");
    String error = vm.intervention().errorProperty().get();
    assertTrue(error.startsWith("slot 0:2000 does not exist: knowledge_num is 1024"), error);
    vm.generate();
    assertEquals(error, vm.statusProperty().get());
    assertTrue(vm.tokens().isEmpty());
    assertNull(vm.comparisonProperty().get());

    vm.intervention().ablateProperty().set("0-5");
    assertTrue(
        vm.intervention().errorProperty().get().startsWith("ablate: '0-5' must be LAYER:SLOT"),
        vm.intervention().errorProperty().get());
    vm.intervention().ablateProperty().set("");
    vm.intervention().layersOffProperty().set("2");
    assertTrue(
        vm.intervention().errorProperty().get().startsWith("layer 2 does not exist"),
        vm.intervention().errorProperty().get());
    vm.intervention().layersOffProperty().set("1");
    assertEquals("", vm.intervention().errorProperty().get());
    assertNotEquals("", vm.intervention().intervention().toString());
  }
}
