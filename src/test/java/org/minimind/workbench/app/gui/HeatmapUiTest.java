package org.minimind.workbench.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.ChoiceBox;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.Workbench;
import org.minimind.workbench.app.screenshot.HeadlessFx;
import org.minimind.workbench.app.slots.SlotGridChart;
import org.minimind.workbench.app.slots.SlotGridModel;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.run.RunDirectory;

/**
 * The memory heatmap of the committed tiny run: switching to layer 1 in the layer box shows that
 * layer's counts summed over the run's snapshots, and hovering the most selected cell names its
 * slot, row, column and count, as {@code slot_counts.bin} has them; clicking a cell tells the slot
 * hook its layer and slot.
 */
class HeatmapUiTest {
  private WorkbenchDriver ui;

  @BeforeEach
  void open() throws Exception {
    ui = WorkbenchDriver.start(WorkbenchDriver.TINY_RUN);
  }

  @AfterEach
  void close() throws Exception {
    ui.close();
  }

  @Test
  void switchesLayerAndDescribesTheHoveredCell() throws Exception {
    List<SlotCountsFile.Snapshot> snapshots =
        SlotCountsFile.read(RunDirectory.slotCountsFile(WorkbenchDriver.TINY_RUN));
    int layer = 1;
    int[] sum = new int[snapshots.get(0).counts()[layer].length];
    for (SlotCountsFile.Snapshot s : snapshots) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += s.counts()[layer][i];
      }
    }
    long total = 0;
    int used = 0;
    int hottest = 0;
    for (int i = 0; i < sum.length; i++) {
      total += sum[i];
      used += sum[i] > 0 ? 1 : 0;
      hottest = sum[i] > sum[hottest] ? i : hottest;
    }
    int side = (int) Math.round(Math.sqrt(sum.length));

    ui.showTab(Workbench.HEATMAP);
    ChoiceBox<?> layers = ui.inView("#layerChoice");
    assertEquals(List.of(0, 1), layers.getItems());
    assertEquals(0, layers.getValue());
    ui.choose(layers, "1");
    assertEquals(1, layers.getValue());
    assertEquals(
        String.format(
            Locale.ROOT,
            "layer 1, steps %d to %d (%d snapshots): %d selections, %d of %d slots used, most selected %d",
            snapshots.get(0).step(),
            snapshots.get(snapshots.size() - 1).step(),
            snapshots.size(),
            total,
            used,
            sum.length,
            sum[hottest]),
        ui.textInView("#summaryLabel"));

    SlotGridChart grid = ui.workbench().heatmapView().gridChart();
    int slot = hottest;
    ui.moveToScenePoint(
        HeadlessFx.call(() -> grid.toScene(slot % side, slot / side), Duration.ofSeconds(5)));
    String hovered = ui.textInView("#hoverLabel");
    assertEquals(
        String.format(
            Locale.ROOT,
            "slot %d (row %d, column %d): %d selection%s, %.2f%% of %d",
            slot,
            slot / side,
            slot % side,
            sum[slot],
            sum[slot] == 1 ? "" : "s",
            100.0 * sum[slot] / total,
            total),
        hovered);
    assertEquals(hovered, grid.tooltip().getText());

    ui.screenshot("heatmap");
    // the product-key grid's cells are square: its plot area is as wide as it is high
    var plot = ui.workbench().heatmapView().gridChart().chart().getCanvas();
    assertEquals(
        plot.getHeight(),
        plot.getWidth(),
        2.0,
        "plot area " + plot.getWidth() + " x " + plot.getHeight());
  }

  @Test
  void clickingACellReportsItsLayerAndSlotToTheSlotHook() throws Exception {
    ui.showTab(Workbench.HEATMAP);
    ChoiceBox<?> layers = ui.inView("#layerChoice");
    ui.choose(layers, "1");
    ui.idle();
    SlotGridModel model = ui.workbench().heatmapViewModel().grid();
    int[] counts = model.counts();
    int side = model.side();
    // the most selected slot off the first row and column, so that both coordinates count
    int hottest = side + 1;
    for (int i = side + 1; i < counts.length; i++) {
      hottest = i % side > 0 && counts[i] > counts[hottest] ? i : hottest;
    }
    int slot = hottest;
    assertTrue(counts[slot] > 0, "layer 1 selected slot " + slot);
    assertNull(ui.workbench().focus().chosenSlotProperty().get());

    SlotGridChart grid = ui.workbench().heatmapView().gridChart();
    ui.moveToScenePoint(
        HeadlessFx.call(() -> grid.toScene(slot % side, slot / side), Duration.ofSeconds(5)));
    ui.clickOn(MouseButton.PRIMARY);
    ui.idle();
    assertEquals(new SlotRef(1, slot), ui.workbench().focus().chosenSlotProperty().get());
    assertEquals(1, model.layer());
  }
}
