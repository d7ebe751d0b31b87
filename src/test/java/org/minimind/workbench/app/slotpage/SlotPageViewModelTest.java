package org.minimind.workbench.app.slotpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.SameThreadTaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.app.slotpage.SlotPageViewModel.IndexState;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.slots.IndexCorpus;
import org.minimind.workbench.slots.IndexSettings;
import org.minimind.workbench.slots.IndexedCheckpoint;
import org.minimind.workbench.slots.IndexedSlot;
import org.minimind.workbench.slots.SlotIndex;
import org.minimind.workbench.slots.SlotIndexBuilder;

/**
 * The slot page without a toolkit: a typed {@code layer:slot} is checked against the model, the
 * page of a slot shows what the index holds for it, a slot chosen on a grid opens its page, and
 * "Ablate in generation" reaches its hook. The model is the seed-tiny fixture (2 layers x 1024
 * slots, no tokenizer) with an index of random ids written beside a copy of it.
 */
class SlotPageViewModelTest {
  private final SameThreadTaskExecutor executor = new SameThreadTaskExecutor();
  private final WorkbenchState state = new WorkbenchState();
  private final SlotFocus focus = new SlotFocus(state, executor);
  private final SlotPageViewModel vm = new SlotPageViewModel(state, focus, executor);

  @TempDir Path dir;

  @AfterEach
  void close() {
    if (state.model() != null) {
      state.model().close();
    }
  }

  /** A copy of seed-tiny with a slot index of random ids beside it, opened; the index. */
  private SlotIndex openIndexedModel() throws Exception {
    Path checkpoint = Fixtures.copySeedTiny(dir.resolve("seed-tiny"));
    int[] tokens = new Random(7).ints(64 * 6 + 10, 0, 512).toArray();
    LoadedModel model = LoadedModel.load(checkpoint, Device.cpu());
    SlotIndex index =
        model.use(
            m ->
                new SlotIndexBuilder(IndexSettings.DEFAULTS.withTopK(4), null)
                    .build(
                        m, IndexCorpus.of("random ids", tokens), IndexedCheckpoint.of(checkpoint)));
    index.write(RunDirectory.slotIndexFile(checkpoint));
    state.modelProperty().set(model);
    return index;
  }

  @Test
  void badSlotsAreRefusedWithOneLineSayingWhy() throws Exception {
    openIndexedModel();
    for (String[] c :
        new String[][] {
          {"12", "type layer:slot"},
          {"a:3", "two whole numbers"},
          {"1:", "two whole numbers"},
          {"2:5", "layer 2 does not exist: the model has layers 0 to 1"},
          {"-1:5", "layer -1 does not exist"},
          {"0:1024", "slot 1024 does not exist: layers have slots 0 to 1023"}
        }) {
      vm.inputProperty().set(c[0]);
      vm.openTyped();
      String error = vm.inputErrorProperty().get();
      assertTrue(error.contains(c[1]), c[0] + " -> " + error);
      assertFalse(error.contains("\n"), error);
      assertNull(vm.shownProperty().get(), c[0]);
    }
    vm.inputProperty().set(" 1 : 1023 ");
    vm.openTyped();
    assertEquals("", vm.inputErrorProperty().get());
    assertEquals(new SlotRef(1, 1023), vm.shownProperty().get());
  }

  @Test
  void withoutAModelTypingASlotAsksForOne() {
    vm.inputProperty().set("0:1");
    vm.openTyped();
    assertEquals("open a checkpoint first", vm.inputErrorProperty().get());
    assertEquals(IndexState.NO_MODEL, vm.indexStateProperty().get());
  }

  @Test
  void thePageShowsWhatTheIndexHoldsForTheSlot() throws Exception {
    SlotIndex index = openIndexedModel();
    assertEquals(IndexState.READY, vm.indexStateProperty().get());
    int layer = 1;
    int id = index.mostSelected(layer, 3)[2]; // not the first: rank 3
    IndexedSlot expected = index.slot(layer, id);
    vm.inputProperty().set(layer + ":" + id);
    vm.openTyped();

    IndexedSlot shown = vm.pageProperty().get().slot();
    assertEquals(expected.count(), shown.count());
    assertEquals(expected.rank(), shown.rank());
    assertEquals(expected.share(), shown.share());
    assertEquals(expected.row(), shown.row());
    assertEquals(expected.column(), shown.column());
    assertEquals(3, shown.rank());
    assertEquals(String.format("%,d", expected.count()), vm.countProperty().get());
    assertTrue(vm.rankProperty().get().startsWith("3 of 1,024"), vm.rankProperty().get());
    assertEquals("row " + id / 32 + ", column " + id % 32 + " of 32 x 32", vm.gridProperty().get());
    assertEquals(expected.contexts().size(), vm.contexts().size());
    assertEquals(expected.contexts().get(0).position(), vm.contexts().get(0).position());
    assertEquals("#" + expected.contexts().get(0).token(), vm.contexts().get(0).token());
    // a model without a run has no history
    assertEquals("no history recorded", vm.historyNoteProperty().get());
    assertEquals(0, vm.history().getDataCount());
    // logit effects, measured at the slot's contexts
    assertTrue(
        vm.effectsNoteProperty()
            .get()
            .startsWith(
                "Mean change in next-token probability at the "
                    + expected.contexts().size()
                    + " contexts"),
        vm.effectsNoteProperty().get());
    assertFalse(vm.rises().isEmpty());
    assertTrue(vm.rises().stream().allMatch(e -> e.meanDelta() > 0));
    assertTrue(vm.falls().stream().allMatch(e -> e.meanDelta() < 0));
  }

  @Test
  void aSlotChosenOnAGridOpensItsPage() throws Exception {
    SlotIndex index = openIndexedModel();
    int id = index.mostSelected(0, 1)[0];
    focus.choose(new SlotRef(0, id));
    assertEquals(new SlotRef(0, id), vm.shownProperty().get());
    assertEquals("0:" + id, vm.inputProperty().get());
    assertEquals(index.slot(0, id).count(), vm.pageProperty().get().slot().count());
    // choosing it again after another slot shows it again
    focus.choose(new SlotRef(1, 5));
    assertEquals(5, vm.pageProperty().get().slot().id());
    assertEquals(
        index.slot(1, 5).count() == 0,
        vm.notesProperty().get().startsWith("never selected"),
        vm.notesProperty().get());
    focus.choose(new SlotRef(0, id));
    assertEquals(id, vm.pageProperty().get().slot().id());
  }

  @Test
  void aSlotChosenBeforeTheIndexIsThereIsShownWhenItIs() throws Exception {
    focus.choose(new SlotRef(1, 7));
    assertNull(vm.pageProperty().get());
    assertEquals("layer 1, slot 7", vm.titleProperty().get());
    SlotIndex index = openIndexedModel(); // a new model: its index replaces the page
    assertEquals(IndexState.READY, vm.indexStateProperty().get());
    vm.show(new SlotRef(1, 7));
    assertEquals(index.slot(1, 7).count(), vm.pageProperty().get().slot().count());
  }

  @Test
  void aModelWithoutAnIndexOffersToBuildOne() throws Exception {
    Path checkpoint = Fixtures.copySeedTiny(dir.resolve("bare"));
    state.modelProperty().set(LoadedModel.load(checkpoint, Device.cpu()));
    assertEquals(IndexState.MISSING, vm.indexStateProperty().get());
    assertTrue(
        vm.indexStatusProperty().get().contains("slot-index.bin"), vm.indexStatusProperty().get());
    // seed-tiny has no tokenizer to read a corpus with: the build says so and stays offered
    vm.buildIndex();
    assertEquals(IndexState.MISSING, vm.indexStateProperty().get());
    assertTrue(
        vm.indexStatusProperty().get().contains("no tokenizer"), vm.indexStatusProperty().get());
  }

  @Test
  void ablateInGenerationReachesTheHookWithTheShownSlot() throws Exception {
    openIndexedModel();
    List<SlotRef> asked = new ArrayList<>();
    vm.setOnAblate(asked::add);
    vm.ablate();
    assertTrue(asked.isEmpty(), "nothing shown, nothing to ablate");
    vm.show(new SlotRef(1, 42));
    vm.ablate();
    assertEquals(List.of(new SlotRef(1, 42)), asked);
    assertEquals(new SlotRef(1, 42), vm.ablateRequestProperty().get());
  }

  @Test
  void typedLayerSlotParses() {
    assertEquals(new SlotRef(3, 65535), SlotPageViewModel.parse("3:65535", 4, 65536));
    assertThrows(IllegalArgumentException.class, () -> SlotPageViewModel.parse("4:0", 4, 65536));
  }

  @Test
  void theCorpusIsNamedByItsFolderAlone() {
    assertEquals(
        "validation documents of corpus (d496ca8dadde/12955)",
        SlotPageText.corpusName(
            "validation documents of /work/x/sample-models/corpus (d496ca8dadde/12955)"));
  }

  @Test
  void aTypedTokenListsTheSlotsEachLayerReadsForIt() throws Exception {
    SlotIndex index = openIndexedModel();
    int id = index.token(100); // an id that occurs in the indexed stream
    vm.queryProperty().set(String.valueOf(id));
    vm.lookUp();
    assertTrue(
        vm.queryNoteProperty().get().startsWith("'" + id + "' (1 token): "),
        vm.queryNoteProperty().get());
    assertEquals(2, vm.queryResults().size());
    for (SlotPageViewModel.LayerSlots row : vm.queryResults()) {
      assertFalse(row.slots().isEmpty());
      assertTrue(row.slots().size() <= SlotPageViewModel.QUERY_SLOTS);
    }
    vm.queryProperty().set("");
    vm.lookUp();
    assertEquals("type a token or word", vm.queryNoteProperty().get());
  }

  /** Holds background work until the test runs it, in the order the test picks. */
  private static final class HeldTasks implements org.minimind.workbench.app.TaskExecutor {
    final java.util.Map<String, Runnable> held = new java.util.LinkedHashMap<>();

    @Override
    public <T> org.minimind.workbench.app.TaskHandle execute(
        String name,
        java.util.concurrent.Callable<T> work,
        java.util.function.Consumer<? super T> onSuccess,
        java.util.function.Consumer<? super Throwable> onFailure) {
      held.put(
          name,
          () -> {
            try {
              onSuccess.accept(work.call());
            } catch (Exception e) {
              onFailure.accept(e);
            }
          });
      return org.minimind.workbench.app.TaskHandle.DONE;
    }

    void run(String name) {
      Runnable r = held.remove(name);
      assertTrue(r != null, name + " not submitted; held: " + held.keySet());
      r.run();
    }

    @Override
    public void runOnUiThread(Runnable action) {
      action.run();
    }

    @Override
    public void shutdown() {}
  }

  @Test
  void aSlotChosenWhileAnotherIsComputedSupersedesIt() throws Exception {
    SlotIndex index = openIndexedModel(); // opened by the same-thread view-model of this test
    HeldTasks held = new HeldTasks();
    WorkbenchState s = new WorkbenchState();
    SlotPageViewModel page = new SlotPageViewModel(s, new SlotFocus(s, executor), held);
    s.modelProperty().set(state.model());
    held.run("open slot index");
    int[] top = index.mostSelected(1, 2); // slots with contexts, so with effects to measure
    page.show(new SlotRef(0, 3));
    page.show(new SlotRef(1, top[0]));
    held.run("slot page " + new SlotRef(1, top[0]));
    assertEquals(top[0], page.pageProperty().get().slot().id());
    held.run("slot page " + new SlotRef(0, 3)); // late: dropped
    assertEquals(new SlotRef(1, top[0]), page.shownProperty().get());
    assertEquals(top[0], page.pageProperty().get().slot().id());
    assertEquals(index.slot(1, top[0]).count(), page.pageProperty().get().slot().count());
    page.show(new SlotRef(1, top[1]));
    held.run("logit effects 1:" + top[0]); // the previous slot's effects arrive after the switch
    assertTrue(
        page.rises().isEmpty() && page.falls().isEmpty(), "effects of a slot no longer shown");
    held.run("slot page " + new SlotRef(1, top[1]));
    held.run("logit effects 1:" + top[1]);
    assertFalse(page.rises().isEmpty());
    s.modelProperty().set(null);
  }
}
