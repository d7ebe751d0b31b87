package org.minimind.workbench.app.heatmap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.slots.SlotCsv;
import org.minimind.workbench.app.slots.SlotFocus;
import org.minimind.workbench.app.slots.SlotGridModel;
import org.minimind.workbench.model.generate.PromptToken;
import org.minimind.workbench.model.generate.SlotSelection;
import org.minimind.workbench.model.generate.SlotTrace;
import org.minimind.workbench.model.generate.TokenText;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The token x slot view of a prompt: for each token, the slots each layer selected and their
 * scores; next to it one layer's grid of the prompt's counts, where the slots of the selected token
 * are highlighted.
 */
public final class TokenSlotsViewModel {
  private final SlotFocus focus;
  private final TaskExecutor executor;
  private final ObservableList<TokenRow> rows = FXCollections.observableArrayList();
  private final ReadOnlyIntegerWrapper layerCount = new ReadOnlyIntegerWrapper(this, "layerCount");
  private final IntegerProperty gridLayer = new SimpleIntegerProperty(this, "gridLayer", 0);
  private final IntegerProperty selectedToken =
      new SimpleIntegerProperty(this, "selectedToken", -1);
  private final SlotGridModel grid = new SlotGridModel();
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

  public TokenSlotsViewModel(SlotFocus focus, TaskExecutor executor) {
    this.focus = focus;
    this.executor = executor;
    focus.traceProperty().addListener((o, a, b) -> traceChanged(b));
    focus.highlightOn(grid, gridLayer);
    focus.reportChoices(grid);
    gridLayer.addListener((o, a, b) -> redrawGrid());
    selectedToken.addListener((o, a, b) -> focus.focusToken(b.intValue()));
    traceChanged(focus.trace());
  }

  private void traceChanged(SlotTrace t) {
    selectedToken.set(-1);
    if (t == null) {
      rows.clear();
      layerCount.set(0);
      summary.set("");
      return;
    }
    List<TokenRow> next = new ArrayList<>();
    for (PromptToken token : t.tokens()) {
      List<String> layers = new ArrayList<>();
      for (SlotSelection l : token.memory().layers()) {
        layers.add(cell(l.slots(), l.scores()));
      }
      next.add(
          new TokenRow(
              token.position(), token.id(), TokenText.orId(token.text(), token.id()), layers));
    }
    layerCount.set(t.layerCount());
    if (gridLayer.get() >= t.layerCount()) {
      gridLayer.set(0);
    }
    rows.setAll(next);
    summary.set(
        String.format(
            Locale.ROOT,
            "%d tokens x %d layers x %d slots each%s",
            t.length(),
            t.layerCount(),
            t.slotsPerToken(),
            t.truncated() ? " (cut at max_seq_len)" : ""));
    redrawGrid();
  }

  /** "1234:.31 877:.20 ...": slot ids, best first, with their scores. */
  static String cell(int[] slots, float[] scores) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < slots.length; j++) {
      if (j > 0) {
        sb.append(' ');
      }
      String score = String.format(Locale.ROOT, "%.2f", scores[j]);
      sb.append(slots[j]).append(':').append(score.startsWith("0") ? score.substring(1) : score);
    }
    return sb.toString();
  }

  /** Characters of the widest slot cell ("12345:.67 " per slot), for column widths. */
  public int cellChars() {
    SlotTrace t = focus.trace();
    int slots = 0;
    if (t != null) {
      for (PromptToken token : t.tokens()) {
        for (SlotSelection l : token.memory().layers()) {
          for (int s : l.slots()) {
            slots = Math.max(slots, s);
          }
        }
      }
    }
    return slotsPerToken() * (Integer.toString(slots).length() + 5);
  }

  /** Slots each token selects per layer (num_selected), 0 before a trace. */
  public int slotsPerToken() {
    SlotTrace t = focus.trace();
    return t == null ? 0 : t.slotsPerToken();
  }

  private void redrawGrid() {
    SlotTrace t = focus.trace();
    int layer = gridLayer.get();
    if (t == null || layer >= t.layerCount()) {
      return;
    }
    grid.showInBackground(
        executor,
        "token grid",
        layer,
        () -> t.counts(layer),
        true,
        () -> {},
        e -> summary.set(ErrorMessages.describe("cannot draw the grid", e)));
  }

  /**
   * Writes the token x slot table as CSV (in the background): position, id, token, then per layer
   * the selected slots and their scores, best first, separated by spaces.
   */
  public void exportCsv(Path file) {
    SlotTrace t = focus.trace();
    if (t == null) {
      message.set("nothing to export: analyse a prompt first");
      return;
    }
    SlotCsv.export(
        executor,
        "export token x slot",
        file,
        () -> {
          Table table = Table.create("token_slots");
          IntColumn position = IntColumn.create("position");
          IntColumn id = IntColumn.create("id");
          StringColumn token = StringColumn.create("token");
          for (int i = 0; i < t.length(); i++) {
            position.append(i);
            PromptToken p = t.token(i);
            id.append(p.id());
            token.append(TokenText.orId(p.text(), p.id()));
          }
          table.addColumns(position, id, token);
          for (int l = 0; l < t.layerCount(); l++) {
            StringColumn slots = StringColumn.create("layer_" + l + "_slots");
            StringColumn scores = StringColumn.create("layer_" + l + "_scores");
            for (int i = 0; i < t.length(); i++) {
              StringBuilder a = new StringBuilder();
              StringBuilder b = new StringBuilder();
              SlotSelection sel = t.selection(i, l);
              for (int j = 0; j < sel.slots().length; j++) {
                a.append(j == 0 ? "" : " ").append(sel.slots()[j]);
                b.append(j == 0 ? "" : " ")
                    .append(String.format(Locale.ROOT, "%.6f", sel.scores()[j]));
              }
              slots.append(a.toString());
              scores.append(b.toString());
            }
            table.addColumns(slots, scores);
          }
          return table;
        },
        message::set);
  }

  /** The outcome of the last export. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ObservableList<TokenRow> rows() {
    return rows;
  }

  public ReadOnlyIntegerProperty layerCountProperty() {
    return layerCount.getReadOnlyProperty();
  }

  /** The layer whose grid is shown beside the table. */
  public IntegerProperty gridLayerProperty() {
    return gridLayer;
  }

  /** The clicked token (-1 for none): its slots are highlighted on the grids. */
  public IntegerProperty selectedTokenProperty() {
    return selectedToken;
  }

  public SlotGridModel grid() {
    return grid;
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  public SlotFocus focus() {
    return focus;
  }
}
