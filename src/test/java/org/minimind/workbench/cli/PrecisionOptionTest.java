package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/**
 * {@code --precision}: the bench trains in the format asked for and says so; others are refused.
 */
class PrecisionOptionTest {

  @Test
  void theTrainingBenchRunsInBf16AndSaysSo() {
    CliRun r =
        CliRun.of(
            "--bench",
            "train",
            "--preset",
            "tiny",
            "--steps",
            "2",
            "--batch",
            "2",
            "--device",
            "cpu",
            "--precision",
            "bf16");
    assertEquals(0, r.code(), r.err());
    JsonObject json = JsonParser.parseString(r.out().strip()).getAsJsonObject();
    assertEquals("bf16", json.get("precision").getAsString());
    assertTrue(Double.isFinite(json.get("loss").getAsDouble()), r.out());
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    CliRun r =
        CliRun.of("--bench", "train", "--preset", "tiny", "--steps", "1", "--precision", "fp16");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--precision must be fp32 or bf16, not 'fp16'"), r.err());
  }
}
