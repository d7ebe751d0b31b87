package org.minimind.workbench.app.generation;

import java.util.List;
import java.util.function.IntConsumer;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.util.StringConverter;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.slots.InterventionComparison;

/**
 * One side of the generation view's comparison: the prompt and one label per token, the first token
 * where the texts part framed ({@code parted-token}), each intervened token tinted by its
 * probability change ({@link ComparisonText#tint}).
 */
final class ComparisonPane {
  /** The ablation modes as the intervention row names them. */
  static final StringConverter<Intervention.Mode> MODE_NAMES =
      new StringConverter<>() {
        @Override
        public String toString(Intervention.Mode m) {
          return m == Intervention.Mode.ZERO ? "zero value" : "remove from candidates";
        }

        @Override
        public Intervention.Mode fromString(String s) {
          return s.equals("zero value") ? Intervention.Mode.ZERO : Intervention.Mode.REMOVE;
        }
      };

  private ComparisonPane() {}

  /**
   * Fills {@code pane} with the prompt and {@code pieces}, labelled {@code baseline-I} or {@code
   * intervened-I}; hovering an intervened token tells {@code onHover} its index.
   */
  static void fill(
      FlowPane pane,
      String prompt,
      List<String> pieces,
      InterventionComparison.Result r,
      boolean intervened,
      IntConsumer onHover) {
    Label promptLabel = new Label(GenerationViewModel.visible(prompt));
    promptLabel.getStyleClass().add("prompt-label");
    pane.getChildren().setAll(promptLabel);
    for (int i = 0; i < pieces.size(); i++) {
      int index = i;
      Label l = new Label(GenerationViewModel.visible(pieces.get(i)));
      l.getStyleClass().add("token-label");
      l.setId((intervened ? "intervened-" : "baseline-") + i);
      if (i == r.firstDifference()) {
        l.getStyleClass().add("parted-token");
      }
      if (intervened && i < r.changes().size()) {
        InterventionComparison.TokenChange c = r.changes().get(i);
        l.setStyle(
            "-fx-background-color: " + ComparisonText.tint(c.baseline(), c.intervened()) + ";");
        l.setOnMouseEntered(e -> onHover.accept(index));
      }
      pane.getChildren().add(l);
    }
  }
}
