package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Intervention}'s command-line form, its validation and its per-layer views. */
class InterventionParseTest {
  static final ModelConfig CONFIG = new ModelConfig(32, 3, 4, 2, 50, 24, 0, 1e-5, 1e4, 64, 8, 3);

  @Test
  void theTextFormReadsBackToTheSameIntervention() {
    for (String text :
        List.of(
            "--ablate 0:5,0:12,2:7",
            "--ablate 1:3 --ablate-mode zero",
            "--ablate-layer 0,2",
            "--force 1:63",
            "--ablate 0:1 --ablate-mode zero --ablate-layer 2 --force 1:4,1:9")) {
      Intervention parsed = Intervention.parse(text);
      assertEquals(text, parsed.toString());
      assertEquals(parsed, Intervention.parse(parsed.toString()));
    }
    assertEquals("none", Intervention.none().toString());
    assertEquals(Intervention.none(), Intervention.parse("none"));
  }

  @Test
  void optionsInAnyOrderAndRepeatedSlotsAreNormalised() {
    Intervention a = Intervention.parse("--force 2:1 --ablate 1:9,0:3,1:9");
    assertEquals("--ablate 0:3,1:9 --force 2:1", a.toString());
    assertEquals(Set.of(0, 1, 2), a.layers());
  }

  @Test
  void emptyMeansNothingIsChanged() {
    assertTrue(Intervention.none().isEmpty());
    assertTrue(Intervention.of(null, "zero", null, null).isEmpty());
    assertFalse(Intervention.parse("--ablate-layer 1").isEmpty());
    assertTrue(Intervention.parse("--ablate 0:1").onlyLayer(1).isEmpty());
  }

  @Test
  void onlyLayerKeepsThatLayersPart() {
    Intervention all =
        Intervention.parse("--ablate 0:1,1:2 --ablate-mode zero --ablate-layer 1 --force 0:5");
    assertEquals("--ablate 1:2 --ablate-mode zero --ablate-layer 1", all.onlyLayer(1).toString());
    assertEquals("--ablate 0:1 --ablate-mode zero --force 0:5", all.onlyLayer(0).toString());
  }

  @Test
  void theLayerViewSaysWhatTheBlockDoes() {
    Intervention remove = Intervention.parse("--ablate 1:2,1:7 --force 1:3");
    Intervention.Layer l = remove.layer(1);
    assertEquals(List.of(2, 7), List.of(l.removed()[0], l.removed()[1]));
    assertEquals(0, l.zeroed().length);
    assertEquals(3, l.forced()[0]);
    assertFalse(l.off());
    assertEquals(null, remove.layer(0));
    Intervention.Layer z = Intervention.parse("--ablate 0:4 --ablate-mode zero").layer(0);
    assertEquals(0, z.removed().length);
    assertEquals(4, z.zeroed()[0]);
  }

  @Test
  void malformedTextIsRefusedNamingTheValue() {
    assertMessage("'5' must be LAYER:SLOT", () -> Intervention.parse("--ablate 5"));
    assertMessage("slot 'x'", () -> Intervention.parse("--ablate 0:x"));
    assertMessage("layer '-1'", () -> Intervention.parse("--ablate-layer -1"));
    assertMessage("empty item", () -> Intervention.parse("--force 0:1,,0:2"));
    assertMessage(
        "remove or zero, not 'soft'", () -> Intervention.parse("--ablate 0:1 --ablate-mode soft"));
    assertMessage("'--zap' is not", () -> Intervention.parse("--zap 1"));
    assertMessage("--ablate is given twice", () -> Intervention.parse("--ablate 0:1 --ablate 0:2"));
    assertMessage("both ablated and forced", () -> Intervention.parse("--ablate 0:1 --force 0:1"));
  }

  @Test
  void slotsAndLayersAreCheckedAgainstTheModel() {
    assertMessage(
        "slot 0:64 does not exist: knowledge_num is 64",
        () -> Intervention.parse("--ablate 0:64").validateFor(CONFIG));
    assertMessage(
        "layer 3 does not exist: the model has n_layers 3",
        () -> Intervention.parse("--ablate-layer 3").validateFor(CONFIG));
    assertMessage(
        "layer 5 does not exist", () -> Intervention.parse("--force 5:1").validateFor(CONFIG));
    assertMessage(
        "4 forced slots, but a layer selects only num_selected 3",
        () -> Intervention.parse("--force 0:1,0:2,0:3,0:4").validateFor(CONFIG));
    Intervention.parse("--ablate 2:63 --force 0:1,0:2,0:3").validateFor(CONFIG);
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
