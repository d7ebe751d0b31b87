package org.minimind.workbench.app.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fair_acc.dataset.DataSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.app.SameThreadTaskExecutor;
import org.minimind.workbench.app.WorkbenchState;

/**
 * The kit's grid model without a toolkit: it announces each update it shows, keeps its highlight
 * across updates, and reports a chosen cell as the layer shown and the slot under it.
 */
class SlotGridModelTest {
  private final SlotGridModel grid = new SlotGridModel();

  private static int[] counts(int n) {
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = i % 3;
    }
    return c;
  }

  @Test
  void choosingACellReportsTheLayerShownAndItsSlot() {
    List<SlotRef> heard = new ArrayList<>();
    grid.setOnSlotChosen(heard::add);
    grid.show(2, counts(16), true);
    // x is the column, y the row: column 2, row 1 of the 4 x 4 grid is slot 6
    assertEquals(new SlotRef(2, 6), grid.choose(2.2, 0.9));
    assertNull(grid.choose(4.6, 0), "outside the grid");
    assertEquals(List.of(new SlotRef(2, 6)), heard);
  }

  @Test
  void everyGridReportsToTheFocusesOneChosenSlot() {
    SlotFocus focus = new SlotFocus(new WorkbenchState(), new SameThreadTaskExecutor());
    SlotGridModel other = new SlotGridModel();
    focus.reportChoices(grid);
    focus.reportChoices(other);
    grid.show(0, counts(16), false);
    other.show(3, counts(64), false);
    grid.choose(1, 1);
    assertEquals(new SlotRef(0, 5), focus.chosenSlotProperty().get());
    other.choose(7, 2);
    assertEquals(new SlotRef(3, 23), focus.chosenSlotProperty().get());
  }

  @Test
  void eachUpdateShownIsAnnouncedAndKeepsTheHighlight() {
    SameThreadTaskExecutor executor = new SameThreadTaskExecutor();
    long before = grid.updatesProperty().get();
    grid.setHighlight(new int[] {5, 15});
    assertEquals(0, grid.highlightCountProperty().get(), "no grid yet");
    grid.showInBackground(
        executor,
        "test",
        1,
        () -> counts(16),
        true,
        () -> {},
        e -> {
          throw new AssertionError(e);
        });
    assertEquals(before + 1, grid.updatesProperty().get());
    assertEquals(2, grid.highlightCountProperty().get());
    grid.show(1, counts(64), true);
    assertEquals(before + 2, grid.updatesProperty().get());
    assertEquals(5 % 8, (int) grid.highlight().get(DataSet.DIM_X, 0));
    assertEquals(15 / 8, (int) grid.highlight().get(DataSet.DIM_Y, 1));
  }
}
