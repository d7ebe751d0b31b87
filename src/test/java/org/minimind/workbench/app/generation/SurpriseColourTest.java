package org.minimind.workbench.app.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Generated tokens are coloured by how unlikely they were: the text's colour to red. */
class SurpriseColourTest {
  @Test
  void fromTheTextsColourAtCertaintyToRedAtOneInAThousand() {
    assertEquals("#263238", GenerationViewModel.surpriseColour(1.0));
    assertEquals("#c62828", GenerationViewModel.surpriseColour(0.001));
    assertEquals("#c62828", GenerationViewModel.surpriseColour(1e-9));
    assertEquals("#c62828", GenerationViewModel.surpriseColour(0));
    String mid = GenerationViewModel.surpriseColour(0.0316); // -log10 = 1.5: half way
    assertEquals("#762d30", mid);
    assertTrue(
        red(GenerationViewModel.surpriseColour(0.1))
            < red(GenerationViewModel.surpriseColour(0.01)));
  }

  private static int red(String hex) {
    return Integer.parseInt(hex.substring(1, 3), 16);
  }
}
