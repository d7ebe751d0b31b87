package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fair_acc.dataset.DataSet;
import java.util.Arrays;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.heatmap.TokenRow;
import org.minimind.workbench.app.slots.SlotGridModel;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;

/**
 * The token x slot view of the sample model: a prompt typed and analysed gives one row per token
 * (the tokenizer's ids) with the slots every layer selected; choosing a grid layer and clicking a
 * token frames exactly that token's slots of that layer on the grid.
 */
class TokenSlotsUiTest {
  private static final String PROMPT = "Elizabeth walked to Pemberley";

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
  void analysesATypedPromptAndFramesAClickedTokensSlots() throws Exception {
    int[] ids =
        BpeTokenizer.load(WorkbenchDriver.SAMPLE_MODEL.resolve("tokenizer.json")).encode(PROMPT);

    ui.showTab(Workbench.TOKEN_SLOTS);
    ui.typeInto(ui.<TextField>inView("#promptField"), PROMPT);
    ui.clickOn((Node) ui.inView("#analyzeButton"));
    ui.idle();
    assertEquals(ids.length + " tokens x 4 layers x 8 slots each", ui.textInView("#summaryLabel"));
    TableView<TokenRow> table = ui.workbench().tokenSlotsView().table();
    assertArrayEquals(ids, table.getItems().stream().mapToInt(TokenRow::id).toArray());
    for (TokenRow row : table.getItems()) {
      assertEquals(4, row.layers().size());
      for (String cell : row.layers()) {
        assertEquals(8, cell.split(" ").length, cell);
      }
    }

    ChoiceBox<?> gridLayer = ui.inView("#gridLayerChoice");
    ui.choose(gridLayer, "2");
    int token = 3;
    Node row =
        ui.from(table)
            .lookup(".table-row-cell")
            .match(n -> n instanceof TableRow<?> r && r.getIndex() == token)
            .query();
    ui.clickOn(row);
    ui.idle();
    TokenRow clicked = table.getItems().get(token);
    assertEquals(
        "red squares: slots of token 3 '" + clicked.piece() + "'",
        ui.textInView("#highlightLabel"));
    int[] expected =
        Arrays.stream(clicked.layers().get(2).split(" "))
            .mapToInt(c -> Integer.parseInt(c.substring(0, c.indexOf(':'))))
            .sorted()
            .toArray();
    SlotGridModel grid = ui.workbench().tokenSlotsViewModel().grid();
    DataSet framed = grid.highlight();
    int side = grid.side();
    int[] shown = new int[framed.getDataCount()];
    for (int i = 0; i < shown.length; i++) {
      shown[i] = (int) (framed.get(DataSet.DIM_Y, i) * side + framed.get(DataSet.DIM_X, i));
    }
    Arrays.sort(shown);
    assertArrayEquals(expected, shown);

    ui.rest();
    // the picture without a hovered cell: which cell the pointer crossed last on its way out
    // depends on when its events arrive, which made the picture differ between runs
    org.minimind.workbench.app.screenshot.HeadlessFx.run(
        () -> ui.workbench().tokenSlotsViewModel().grid().hover(-1, -1));
    ui.idle();
    ui.screenshot("token-slots");
  }
}
