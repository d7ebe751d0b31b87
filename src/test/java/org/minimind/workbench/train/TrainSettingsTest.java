package org.minimind.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.model.Precision;

class TrainSettingsTest {

  @Test
  void everyCopyChangesItsOwnFieldAndNoOther() throws ReflectiveOperationException {
    TrainSettings base = TrainSettings.DEFAULTS;
    int copies = 0;
    for (RecordComponent c : TrainSettings.class.getRecordComponents()) {
      String name = c.getName();
      Method with;
      try {
        with =
            TrainSettings.class.getMethod(
                "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1), c.getType());
      } catch (NoSuchMethodException e) {
        continue; // the AdamW betas keep PyTorch's values
      }
      Object before = c.getAccessor().invoke(base);
      Object value = another(before);
      TrainSettings copy = (TrainSettings) with.invoke(base, value);
      copies++;
      for (RecordComponent other : TrainSettings.class.getRecordComponents()) {
        Object expected = other.getName().equals(name) ? value : other.getAccessor().invoke(base);
        assertEquals(
            expected, other.getAccessor().invoke(copy), with.getName() + " -> " + other.getName());
      }
    }
    assertEquals(TrainSettings.class.getRecordComponents().length - 2, copies);
  }

  /** A valid value other than {@code v}. */
  private static Object another(Object v) {
    if (v instanceof Integer i) {
      return i + 1;
    }
    if (v instanceof Long l) {
      return l + 1;
    }
    if (v instanceof Precision p) {
      return p == Precision.FP32 ? Precision.BF16 : Precision.FP32;
    }
    double d = (Double) v;
    return d == 0 ? 1.0 : d / 2;
  }

  @Test
  void copiesAreValidatedWithTheOffendingValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TrainSettings.defaults(50).withWarmupSteps(60));
    assertEquals("warmup steps (60) must be in 0..50", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> TrainSettings.DEFAULTS.withLogInterval(0));
    assertTrue(e.getMessage().contains("log interval (0)"), e.getMessage());
  }

  @Test
  void anotherLengthKeepsTheSchedule() {
    TrainSettings run = TrainSettings.defaults(200).withWarmupSteps(10);
    TrainSettings longer = run.withLengthKeepingSchedule(400);
    assertEquals(400, longer.maxSteps());
    assertEquals(200, longer.scheduleSteps());
    for (long step : new long[] {0, 9, 10, 100, 199}) {
      assertEquals(run.schedule().at(step), longer.schedule().at(step), "lr at step " + step);
    }
    assertEquals(run.lr() / 10, longer.schedule().at(300), 1e-15);
    assertEquals(200, longer.withLengthKeepingSchedule(600).scheduleSteps(), "extended twice");
    TrainSettings shorter = run.withLengthKeepingSchedule(150);
    assertEquals(run.schedule().at(149), shorter.schedule().at(149));
    assertTrue(run.withLengthKeepingSchedule(200) == run, "the same length changes nothing");
    assertEquals(run.schedule(), run.withDecaySteps(0).schedule());
    assertThrows(IllegalArgumentException.class, () -> run.withDecaySteps(5));
  }

  @Test
  void aCheckpointRecordedBeforeTheScheduleLengthAndTheClockResumesAsBefore() throws Exception {
    // the sample model's trainer.json has neither decaySteps nor elapsedSeconds
    var record =
        org.minimind.workbench.run.RunDirectory.readTrainerRecord(
            java.nio.file.Path.of("sample-models/minimind-memory-small"));
    assertEquals(0, record.settings().decaySteps());
    assertEquals(3000, record.settings().scheduleSteps());
    assertEquals(new LrSchedule(1e-3, 3000, 100), record.settings().schedule());
    assertEquals(0.0, record.elapsedSeconds());
  }

  @Test
  void defaultsAreMiniMindsWhereItHasThem() {
    TrainSettings d = TrainSettings.defaults(300);
    assertEquals(300, d.maxSteps());
    assertEquals(5e-4, d.lr());
    assertEquals(1.0, d.gradClip());
    assertEquals(1.0, d.auxCoefficient());
    assertNotEquals(d, TrainSettings.DEFAULTS);
    assertEquals(d, TrainSettings.DEFAULTS.withMaxSteps(300));
  }
}
