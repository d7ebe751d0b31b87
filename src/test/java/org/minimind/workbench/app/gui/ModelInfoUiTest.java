package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.info.InfoRow;

/**
 * The model view: on start with the sample model it lists the checkpoint's {@code config.json}, the
 * parameters per group and where the model came from; opening another checkpoint folder through
 * File replaces all of it.
 */
class ModelInfoUiTest {
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
  void describesTheOpenCheckpoint() throws Exception {
    ui.showTab(Workbench.MODEL);
    assertEquals(
        "minimind-memory-small: 8.46M parameters (memory bank 49.6%)",
        ui.textInView("#headingLabel"));
    assertEquals(
        "sample-models/minimind-memory-small\nDevice cpu. Tokenizer: byte-level BPE, 6400 tokens."
            + " Memory: 65536 slots on a 256 x 256 product-key grid, 8 selected per token and layer, each slot 64 wide.",
        ui.textInView("#detailsLabel"));
    assertConfigShown(WorkbenchDriver.SAMPLE_MODEL);
    Map<String, String> parameters = rows("#parameterTable");
    assertEquals("4,194,304 (49.6%)", parameters.get("memory_bank"));
    assertEquals("8,456,448", parameters.get("total"));
    ui.screenshot("model");

    Path tiny = WorkbenchDriver.TINY_RUN.resolve("checkpoints").resolve("best");
    ui.willChoose(tiny);
    ui.chooseMenu("File", "Open checkpoint folder…");
    assertEquals(List.of("Open a checkpoint folder"), ui.dialogs().asked());
    assertEquals("best: 118.1K parameters (memory bank 13.9%)", ui.textInView("#headingLabel"));
    assertTrue(
        ui.textInView("#detailsLabel")
            .startsWith(tiny + "\nDevice cpu. Tokenizer: byte-level BPE, 512 tokens."),
        ui.textInView("#detailsLabel"));
    assertConfigShown(tiny);
  }

  /**
   * Every key of the checkpoint's config.json is a row with the same number or text (the table also
   * lists the keys an older config leaves at their defaults).
   */
  private void assertConfigShown(Path checkpoint) throws Exception {
    JsonObject json =
        JsonParser.parseString(Files.readString(checkpoint.resolve("config.json")))
            .getAsJsonObject();
    Map<String, String> shown = rows("#configTable");
    assertTrue(
        shown.keySet().containsAll(json.keySet()),
        shown.keySet() + " lacks some of " + json.keySet());
    for (Map.Entry<String, JsonElement> e : json.entrySet()) {
      String value = shown.get(e.getKey());
      if (e.getValue().getAsJsonPrimitive().isNumber()) {
        assertEquals(e.getValue().getAsDouble(), Double.parseDouble(value), 0, e.getKey());
      } else {
        assertEquals(e.getValue().getAsString(), value, e.getKey());
      }
    }
  }

  private Map<String, String> rows(String table) {
    TableView<InfoRow> view = ui.inView(table);
    Map<String, String> rows = new LinkedHashMap<>();
    for (InfoRow r : view.getItems()) {
      rows.put(r.name(), r.value());
    }
    return rows;
  }
}
