package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.generation.GenerationViewModel;
import org.minimind.workbench.app.screenshot.HeadlessFx;
import org.minimind.workbench.app.slots.SlotGridChart;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.slots.ContextText;
import org.minimind.workbench.slots.IndexedSlot;
import org.minimind.workbench.slots.InterventionComparison;
import org.minimind.workbench.slots.SlotIndex;
import org.minimind.workbench.slots.SlotReport;

/**
 * The slot page of the sample model, used as a researcher would: a copy of the model without a slot
 * index opens, the Slot tab offers to build one and builds it over the run's held-out documents and
 * the first training documents (written beside the copy), and clicking the most selected slot of
 * layer 1 on the heatmap opens the Slot tab on it, with its count, share, rank, grid place and
 * first context as {@link SlotIndex} (opened on the same file) has them; a word typed in the
 * reverse lookup lists per layer the slots that read it, each opening its page; "Ablate in
 * generation" puts that slot into the generation view's intervention, and Generate shows the text
 * with and without it as {@link InterventionComparison} computes it headless.
 */
class SlotPageUiTest {
  private static final Path COPY = Path.of("target", "ui-slot-page", "minimind-memory-small");
  private static final int INDEX_TOKENS = 20_000;

  private WorkbenchDriver ui;

  @BeforeEach
  void open() throws Exception {
    copySampleModelWithoutIndex();
    ui = WorkbenchDriver.start(COPY);
  }

  @AfterEach
  void close() throws Exception {
    ui.close();
  }

  private static void copySampleModelWithoutIndex() throws Exception {
    Files.createDirectories(COPY);
    try (Stream<Path> old = Files.list(COPY)) {
      for (Path f : old.toList()) {
        Files.delete(f);
      }
    }
    try (Stream<Path> files = Files.list(WorkbenchDriver.SAMPLE_MODEL)) {
      for (Path f :
          files.filter(f -> !f.getFileName().toString().equals("slot-index.bin")).toList()) {
        Files.copy(f, COPY.resolve(f.getFileName()));
      }
    }
  }

  @Test
  void buildsTheIndexAndOpensTheSlotClickedOnTheHeatmap() throws Exception {
    ui.showTab(Workbench.SLOT);
    Button build = ui.inView("#buildButton");
    assertTrue(build.isVisible(), "no index yet: the page offers to build one");
    assertTrue(
        ui.textInView("#indexStatus").startsWith("no slot index beside the checkpoint"),
        ui.textInView("#indexStatus"));
    // the held-out documents (12,904 tokens) and the first training documents after them; the
    // window's default reads up to 1,000,000 tokens, which takes longer than a test should
    HeadlessFx.run(() -> ui.workbench().slotPageViewModel().setIndexTokens(INDEX_TOKENS));
    ui.clickOn(build);
    ui.idle();
    Path file = RunDirectory.slotIndexFile(COPY);
    assertTrue(Files.isRegularFile(file), "the index was written beside the checkpoint");
    assertFalse(build.isVisible());
    SlotIndex index = SlotIndex.open(file);
    assertEquals((long) INDEX_TOKENS, index.header().tokens());
    assertEquals(
        String.format(
            Locale.ROOT,
            "slot-index.bin: %,d tokens (validation then train documents of corpus",
            index.header().tokens()),
        ui.textInView("#indexStatus").substring(0, ui.textInView("#indexStatus").indexOf(" (d")));

    int layer = 1;
    int slot = index.mostSelected(layer, 1)[0];
    IndexedSlot expected = index.slot(layer, slot);
    int side = index.header().gridSide();
    ui.showTab(Workbench.HEATMAP);
    ui.choose(ui.inView("#layerChoice"), String.valueOf(layer));
    SlotGridChart grid = ui.workbench().heatmapView().gridChart();
    ui.moveToScenePoint(
        HeadlessFx.call(() -> grid.toScene(slot % side, slot / side), Duration.ofSeconds(5)));
    long[] shownAt = {0};
    HeadlessFx.run(
        () ->
            ui.workbench()
                .slotPageViewModel()
                .pageProperty()
                .addListener(
                    (o, a, b) -> {
                      if (b != null && shownAt[0] == 0) {
                        shownAt[0] = System.nanoTime();
                      }
                    }));
    long clicked = System.nanoTime();
    ui.clickOn(MouseButton.PRIMARY);
    ui.idle();
    System.out.printf(
        Locale.ROOT,
        "slot page: %.1f ms from the click to the page's numbers%n",
        (shownAt[0] - clicked) / 1e6);
    assertEquals(new SlotRef(layer, slot), ui.workbench().focus().chosenSlotProperty().get());

    assertEquals(
        Workbench.SLOT,
        ui.workbench().mainView().tabs().getSelectionModel().getSelectedItem().getText());
    assertEquals(
        layer + ":" + slot, ui.<javafx.scene.control.TextField>inView("#slotField").getText());
    assertEquals(String.format(Locale.ROOT, "%,d", expected.count()), ui.textInView("#countLabel"));
    assertEquals(
        String.format(Locale.ROOT, "%.4f %%", 100 * expected.share()),
        ui.textInView("#shareLabel"));
    assertEquals(
        String.format(Locale.ROOT, "%,d of %,d", expected.rank(), index.header().knowledgeNum()),
        ui.textInView("#rankLabel"));
    assertEquals(1, expected.rank());
    assertEquals(
        String.format(
            Locale.ROOT, "row %d, column %d of %d x %d", slot / side, slot % side, side, side),
        ui.textInView("#gridLabel"));

    SlotReport report =
        new SlotReport(
            index, null, BpeTokenizer.load(WorkbenchDriver.SAMPLE_MODEL.resolve("tokenizer.json")));
    ContextText first = report.text(expected.contexts().get(0));
    VBox contexts = ui.inView("#contextBox");
    assertEquals(expected.contexts().size(), contexts.getChildren().size());
    List<Text> parts =
        ((TextFlow) contexts.getChildren().get(0))
            .getChildren().stream().map(n -> (Text) n).toList();
    // the score, then the window with line breaks shown as a mark, the selecting token apart
    assertEquals(String.format(Locale.ROOT, "%.3f  ", first.score()), parts.get(0).getText());
    assertEquals(
        oneLine(first.before()) + oneLine(first.token()) + oneLine(first.after()),
        parts.stream().skip(1).map(Text::getText).collect(Collectors.joining()));
    Text token = parts.get(2);
    assertEquals(oneLine(first.token()), token.getText());
    assertTrue(token.getStyleClass().contains("context-token"));

    assertTrue(
        ui.textInView("#effectsNote")
            .startsWith(
                "Mean change in next-token probability at the "
                    + expected.contexts().size()
                    + " contexts"),
        ui.textInView("#effectsNote"));
    VBox rises = ui.inView("#risesBox");
    assertTrue(rises.getChildren().size() > 1, "tokens whose probability rises are listed");
    assertTrue(
        ui.textInView("#driftLabel").startsWith("latest L2 change "), ui.textInView("#driftLabel"));
    Node chart = ui.inView("#slot-history");
    assertTrue(chart.isVisible());
    ui.screenshot("slot-page");

    // the reverse question: which slots read a typed word; a listed slot opens on a click
    ui.typeInto(ui.inView("#queryField"), "风");
    ui.clickOn((Node) ui.inView("#lookUpButton"));
    ui.idle();
    assertTrue(
        ui.textInView("#queryNote").startsWith("'风' (1 token): "), ui.textInView("#queryNote"));
    VBox perLayer = ui.inView("#queryBox");
    assertEquals(index.header().layers(), perLayer.getChildren().size());
    Hyperlink link = (Hyperlink) ((HBox) perLayer.getChildren().get(0)).getChildren().get(1);
    int listed = Integer.parseInt(link.getText().substring(0, link.getText().indexOf(' ')));
    ui.clickOn(link);
    ui.idle();
    assertEquals(new SlotRef(0, listed), ui.workbench().slotPageViewModel().shownProperty().get());
    assertEquals(
        String.format(Locale.ROOT, "%,d", index.slot(0, listed).count()),
        ui.textInView("#countLabel"));

    // "Ablate in generation": the slot joins the generation view's intervention; Generate then
    // shows the text with and without it, as the headless comparison computes it
    ui.clickOn((Node) ui.inView("#ablateButton"));
    ui.idle();
    assertEquals(
        Workbench.GENERATION,
        ui.workbench().mainView().tabs().getSelectionModel().getSelectedItem().getText());
    assertEquals("0:" + listed, ui.<TextField>inView("#ablateField").getText());
    GenerationViewModel vm = ui.workbench().generationViewModel();
    ui.typeInto(ui.<TextField>inView("#promptField"), "风");
    ui.typeInto(ui.<TextField>inView("#seedField"), "1");
    Spinner<Integer> maxTokens = ui.inView("#maxTokensSpinner");
    ui.typeInto(maxTokens.getEditor(), "16");
    ui.type(KeyCode.ENTER);
    ui.clickOn((Node) ui.inView("#generateButton"));
    ui.waitUntil(180, () -> !vm.runningProperty().get());
    ui.idle();
    Intervention ablated = Intervention.of("0:" + listed, null, null, null);
    InterventionComparison.Result headless = ui.headlessComparison("风", 16, 1, ablated);
    InterventionComparison.Result shown = vm.comparisonProperty().get();
    assertEquals(ablated, shown.intervention());
    assertEquals(headless.baseline().text(), shown.baseline().text());
    assertEquals(headless.intervened().text(), shown.intervened().text());
    assertEquals(headless.firstDifference(), shown.firstDifference());
    assertEquals("intervened: --ablate 0:" + listed, ui.textInView("#intervenedTitle"));
  }

  private static String oneLine(String s) {
    return s.replace("\r", "").replace('\n', '⏎');
  }
}
