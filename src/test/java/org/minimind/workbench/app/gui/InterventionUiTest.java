package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.generation.GenerationViewModel;
import org.minimind.workbench.app.screenshot.HeadlessFx;
import org.minimind.workbench.app.slots.SlotGridChart;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.slots.InterventionComparison;

/**
 * The generation view of the sample model with an intervention: the prompt, seed and token budget
 * of {@link GenerationUiTest}, layer 1's memory read turned off (a layer the model lacks is refused
 * first); Generate shows the text without and with it side by side, as {@link
 * InterventionComparison} computes it headless, the first token where they part framed in both.
 */
class InterventionUiTest {
  private WorkbenchDriver ui;

  @BeforeEach
  void open() throws Exception {
    ui = WorkbenchDriver.start(WorkbenchDriver.SAMPLE_MODEL);
  }

  @AfterEach
  void close() throws Exception {
    ui.close();
  }

  @Test
  void showsTheTextWithAndWithoutTheInterventionAndWhereTheyPart() throws Exception {
    ui.showTab(Workbench.GENERATION);
    GenerationViewModel vm = ui.workbench().generationViewModel();
    ui.typeInto(ui.<TextField>inView("#promptField"), "Elizabeth");
    ui.typeInto(ui.<TextField>inView("#seedField"), "1");
    Spinner<Integer> maxTokens = ui.inView("#maxTokensSpinner");
    ui.typeInto(maxTokens.getEditor(), "24");
    ui.type(KeyCode.ENTER);
    Button generate = ui.inView("#generateButton");

    ui.typeInto(ui.<TextField>inView("#layersOffField"), "4");
    assertEquals(
        "layer 4 does not exist: the model has n_layers 4 (layers 0..3)",
        ui.textInView("#interventionErrorLabel"));
    assertTrue(generate.isDisabled(), "no Generate with an intervention the model cannot take");
    ui.typeInto(ui.<TextField>inView("#layersOffField"), "1");
    assertEquals("", ui.textInView("#interventionErrorLabel"));
    assertFalse(generate.isDisabled());

    ui.clickOn((Node) generate);
    ui.waitUntil(180, () -> !vm.runningProperty().get());
    ui.idle();

    Intervention layerOneOff = Intervention.of(null, null, "1", null);
    InterventionComparison.Result expected = ui.headlessComparison("Elizabeth", 24, 1, layerOneOff);
    assertEquals(
        GenerationUiTest.EXPECTED,
        expected.baseline().text(),
        "the baseline is the plain generation");
    assertTrue(expected.firstDifference() >= 0, "layer 1 off changes the text");

    InterventionComparison.Result shown = vm.comparisonProperty().get();
    assertNotNull(shown, vm.statusProperty().get());
    assertEquals(layerOneOff, shown.intervention());
    assertEquals(
        GenerationViewModel.visible(expected.baseline().text()),
        shownText("baseline", expected.baselinePieces().size()));
    assertEquals(
        GenerationViewModel.visible(expected.intervened().text()),
        shownText("intervened", expected.intervenedPieces().size()));
    int at = expected.firstDifference();
    assertEquals(at, shown.firstDifference());
    assertTrue(
        ui.textInView("#statusLabel").startsWith("parted at token " + at + " "),
        ui.textInView("#statusLabel"));
    for (String side : List.of("baseline", "intervened")) {
      for (int i = 0; i < 24; i++) {
        Label l = ui.inView("#" + side + "-" + i);
        assertEquals(i == at, l.getStyleClass().contains("parted-token"), side + " token " + i);
      }
    }
    assertEquals("intervened: --ablate-layer 1", ui.textInView("#intervenedTitle"));

    Label parted = ui.inView("#intervened-" + at);
    ui.moveTo(parted);
    ui.idle();
    InterventionComparison.TokenChange change = expected.changes().get(at);
    String details = ui.textInView("#detailsLabel");
    assertTrue(
        details.startsWith(
            String.format(
                java.util.Locale.ROOT,
                "token %d '%s': p %.4f -> %.4f",
                at,
                parted.getText(),
                change.baseline(),
                change.intervened())),
        details);

    ui.screenshot("generation-intervention");
  }

  @Test
  void aRightClickOnTheGridAblatesThatSlot() throws Exception {
    ui.showTab(Workbench.GENERATION);
    GenerationViewModel vm = ui.workbench().generationViewModel();
    ui.typeInto(ui.<TextField>inView("#promptField"), "Elizabeth");
    Spinner<Integer> maxTokens = ui.inView("#maxTokensSpinner");
    ui.typeInto(maxTokens.getEditor(), "4");
    ui.type(KeyCode.ENTER);
    ui.clickOn((Node) ui.inView("#generateButton"));
    ui.waitUntil(120, () -> !vm.runningProperty().get());
    ui.idle();

    int slot = vm.tokens().get(0).memory().layers().get(0).slots()[0];
    int side = vm.grid().side();
    SlotGridChart grid = ui.workbench().generationView().gridChart();
    ui.moveToScenePoint(
        HeadlessFx.call(() -> grid.toScene(slot % side, slot / side), Duration.ofSeconds(5)));
    ui.clickOn(MouseButton.SECONDARY);
    ui.idle();
    Node item =
        ui.lookup(".context-menu .menu-item .label")
            .match(
                n ->
                    n instanceof Labeled l
                        && l.getText().equals("Ablate slot 0:" + slot + " in generation"))
            .query();
    ui.clickOn(item);
    ui.idle();
    assertEquals("0:" + slot, ui.<TextField>inView("#ablateField").getText());
  }

  private String shownText(String side, int tokens) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      sb.append(ui.textInView("#" + side + "-" + i));
    }
    return sb.toString();
  }
}
