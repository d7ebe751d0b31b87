package org.minimind.workbench.app.slots;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableIntegerValue;
import org.minimind.workbench.app.ErrorMessages;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.TaskExecutor;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.model.generate.PromptToken;
import org.minimind.workbench.model.generate.SlotTrace;
import org.minimind.workbench.model.generate.TokenText;

/**
 * The prompt the memory views look at, shared by the heatmap, the token x slot view and the
 * generation view: its text, its trace (computed in the background), the slots highlighted on the
 * grids (a token clicked or hovered) and the slot last chosen on any grid (a cell clicked).
 */
public final class SlotFocus {
  /** Analysed when a model opens, so that the memory views have something to show. */
  public static final String DEFAULT_PROMPT = "The memory of a small language model";

  private final WorkbenchState state;
  private final TaskExecutor executor;
  private final StringProperty prompt = new SimpleStringProperty(this, "prompt", DEFAULT_PROMPT);
  private final ReadOnlyObjectWrapper<SlotTrace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
  private final ObjectProperty<SlotHighlight> highlight =
      new SimpleObjectProperty<>(this, "highlight", SlotHighlight.NONE);
  private final ReadOnlyBooleanWrapper analyzing = new ReadOnlyBooleanWrapper(this, "analyzing");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyObjectWrapper<SlotRef> chosenSlot =
      new ReadOnlyObjectWrapper<>(this, "chosenSlot");

  public SlotFocus(WorkbenchState state, TaskExecutor executor) {
    this.state = state;
    this.executor = executor;
    state
        .modelProperty()
        .addListener(
            (o, a, b) -> {
              trace.set(null);
              highlight.set(SlotHighlight.NONE);
              if (b != null) {
                if (b.tokenizer() == null && prompt.get().equals(DEFAULT_PROMPT)) {
                  prompt.set(defaultIds(b));
                }
                analyze();
              }
            });
  }

  /** A few ids for a model without a tokenizer. */
  private static String defaultIds(LoadedModel model) {
    int v = model.config().vocabSize();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(12, model.config().maxSeqLen()); i++) {
      sb.append(i == 0 ? "" : " ").append((i * 37 + 5) % v);
    }
    return sb.toString();
  }

  /** Traces {@link #promptProperty()} through the open model. */
  public void analyze() {
    LoadedModel model = state.model();
    if (model == null) {
      error.set("open a checkpoint first");
      return;
    }
    String text = prompt.get();
    analyzing.set(true);
    executor.execute(
        "analyze prompt",
        () -> PromptAnalysis.run(model, text),
        t -> {
          analyzing.set(false);
          if (state.model() != model) {
            return; // another model was opened meanwhile
          }
          error.set(
              t.truncated()
                  ? "prompt cut to the model's " + model.config().maxSeqLen() + " positions"
                  : "");
          highlight.set(SlotHighlight.NONE);
          trace.set(t);
        },
        e -> {
          analyzing.set(false);
          error.set(ErrorMessages.describe("cannot analyse the prompt", e));
        });
  }

  /** Highlights the slots token {@code position} of the trace selected (or clears with -1). */
  public void focusToken(int position) {
    SlotTrace t = trace.get();
    if (t == null || position < 0 || position >= t.length()) {
      highlight.set(SlotHighlight.NONE);
      return;
    }
    PromptToken token = t.token(position);
    highlight.set(
        new SlotHighlight(
            "token " + position + " '" + TokenText.orId(token.text(), token.id()) + "'",
            token.memory().slotsPerLayer()));
  }

  /**
   * Marks on {@code grid} the highlighted slots of the layer {@code layer} holds, now and whenever
   * either changes.
   */
  public void highlightOn(SlotGridModel grid, ObservableIntegerValue layer) {
    Runnable mark = () -> grid.setHighlight(highlight.get().slots(layer.get()));
    highlight.addListener((o, a, b) -> mark.run());
    layer.addListener((o, a, b) -> mark.run());
    mark.run();
  }

  /**
   * Reports the clicks on {@code grid}'s cells as {@link #chosenSlotProperty()}: every grid of the
   * memory views reports to this one place.
   */
  public void reportChoices(SlotGridModel grid) {
    grid.setOnSlotChosen(this::choose);
  }

  /** Makes {@code slot} the chosen one (a new value each time, so listeners hear every click). */
  public void choose(SlotRef slot) {
    chosenSlot.set(slot);
  }

  /**
   * The slot last chosen on any grid (a cell clicked), or null. Each choice sets a new {@link
   * SlotRef}, so invalidation listeners hear a repeated click on the same slot too.
   */
  public ReadOnlyObjectProperty<SlotRef> chosenSlotProperty() {
    return chosenSlot.getReadOnlyProperty();
  }

  public StringProperty promptProperty() {
    return prompt;
  }

  /** The latest trace of the open model, or null. */
  public ReadOnlyObjectProperty<SlotTrace> traceProperty() {
    return trace.getReadOnlyProperty();
  }

  public SlotTrace trace() {
    return trace.get();
  }

  public ObjectProperty<SlotHighlight> highlightProperty() {
    return highlight;
  }

  public ReadOnlyBooleanProperty analyzingProperty() {
    return analyzing.getReadOnlyProperty();
  }

  /** Why the last analysis failed (or a note about it); empty otherwise. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
