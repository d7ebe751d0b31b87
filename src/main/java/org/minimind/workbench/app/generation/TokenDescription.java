package org.minimind.workbench.app.generation;

import java.util.List;
import java.util.Locale;
import org.minimind.workbench.app.chart.Numbers;
import org.minimind.workbench.model.generate.GeneratedToken;
import org.minimind.workbench.model.generate.SlotSelection;
import org.minimind.workbench.model.generate.TokenAlternative;

/** The text the generation view shows for a hovered token. */
final class TokenDescription {
  private TokenDescription() {}

  /**
   * Its probability (sampled and the model's own), the five most likely alternatives, and per layer
   * the slots read to predict it with their scores.
   *
   * @param label the token as the view shows it
   */
  static String of(GeneratedToken t, String label) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "token %d '%s' (id %d): p = %s (model %s)%n",
            t.index(),
            label,
            t.id(),
            Numbers.readable(t.probability(), 3),
            Numbers.readable(t.modelProbability(), 3)));
    sb.append("top 5:");
    for (TokenAlternative a : t.alternatives()) {
      String text = a.text().isEmpty() ? "#" + a.id() : GenerationViewModel.visible(a.text());
      sb.append(
          String.format(Locale.ROOT, "  '%s' %s", text, Numbers.readable(a.probability(), 3)));
    }
    sb.append(
        String.format(
            Locale.ROOT, "%nslots read to predict it (position %d):", t.memory().position()));
    List<SlotSelection> layers = t.memory().layers();
    for (int l = 0; l < layers.size(); l++) {
      sb.append(String.format(Locale.ROOT, "%n  layer %d:", l));
      int[] slots = layers.get(l).slots();
      for (int j = 0; j < slots.length; j++) {
        sb.append(String.format(Locale.ROOT, " %d (%.2f)", slots[j], layers.get(l).scores()[j]));
      }
    }
    return sb.toString();
  }
}
