package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.generation.GenerationViewModel;

/**
 * The generation view of the sample model: a prompt, a seed and a token budget typed in, Generate
 * clicked; the text for that seed streams in token by token, and hovering a token describes it and
 * frames the slots it read on the grid.
 */
class GenerationUiTest {
  /**
   * What the sample model writes after "Elizabeth" with seed 1 and the default sampling settings
   * (temperature 0.75, top-p 0.9): the same as {@code --generate --prompt Elizabeth --seed 1} (the
   * sample model's README), cut at 24 tokens.
   */
  static final String EXPECTED =
      "; but Emma had been long with her to set her very well; and the manners were always used to be just in";

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
  void generatesTheSeedsTextAndDescribesTheHoveredToken() throws Exception {
    ui.showTab(Workbench.GENERATION);
    GenerationViewModel vm = ui.workbench().generationViewModel();
    ui.typeInto(ui.<TextField>inView("#promptField"), "Elizabeth");
    ui.typeInto(ui.<TextField>inView("#seedField"), "1");
    Spinner<Integer> maxTokens = ui.inView("#maxTokensSpinner");
    ui.typeInto(maxTokens.getEditor(), "24");
    ui.type(KeyCode.ENTER);
    assertEquals(24, maxTokens.getValue());
    ui.clickOn((Node) ui.inView("#generateButton"));
    ui.waitUntil(120, () -> !vm.runningProperty().get());
    ui.idle();

    assertEquals(EXPECTED, vm.textProperty().get());
    assertEquals(24, vm.tokens().size());
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      shown.append(ui.textInView("#token-" + i));
    }
    assertEquals(EXPECTED, shown.toString());
    assertEquals("", ui.textInView("#speedLabel"), "one speed figure once it has ended");
    assertEquals(
        "24 tokens in -.-- s: -.- tokens/s (-.- after the first); max tokens",
        ui.textInView("#statusLabel"));

    Label token = ui.inView("#token-5");
    ui.moveTo(token);
    ui.idle();
    assertEquals(5, vm.hoveredProperty().get());
    String details = ui.textInView("#detailsLabel");
    assertTrue(details.startsWith("token 5 '" + token.getText() + "'"), details);
    assertEquals(
        "generated token 5 '" + token.getText() + "'",
        ui.workbench().focus().highlightProperty().get().label());
    assertEquals(8, vm.grid().highlightCountProperty().get());

    ui.screenshot("generation");
  }
}
