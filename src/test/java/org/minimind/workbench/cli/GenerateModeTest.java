package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.model.SampleModel;

/** {@code --generate} and {@code --bench generate} from the command line. */
class GenerateModeTest {
  @TempDir static Path tmp;
  static Path checkpoint;

  /** seed-tiny's config and weights with a 512-id tokenizer trained on the test corpus. */
  @BeforeAll
  static void makeCheckpoint() throws IOException {
    checkpoint = Fixtures.seedTinyWithTokenizer(tmp.resolve("tiny"));
  }

  @Test
  void generatesAndReportsTheSpeed() {
    String[] args = {
      "--generate",
      "--device",
      "cpu",
      "--checkpoint",
      checkpoint.toString(),
      "--prompt",
      "床前明月光",
      "--max-new-tokens",
      "12",
      "--seed",
      "3"
    };
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().isBlank(), "no text printed");
    assertTrue(r.err().contains("tokens/s") && r.err().contains("time to first token"), r.err());
    assertTrue(r.err().contains("12 tokens, stopped: max new tokens"), r.err());
    // The same seed gives the same text; the text is what the checkpoint generates.
    CliRun again = CliRun.of(args);
    assertEquals(r.out(), again.out());
  }

  @Test
  void anExplicitTokenizerAndTheContextLimit() throws IOException {
    Path bare = tmp.resolve("bare");
    Files.createDirectories(bare);
    for (String f : new String[] {"config.json", "model.safetensors"}) {
      Files.copy(checkpoint.resolve(f), bare.resolve(f));
    }
    CliRun missing = CliRun.of("--generate", "--checkpoint", bare.toString(), "--device", "cpu");
    assertEquals(1, missing.code());
    assertTrue(
        missing.err().contains("tokenizer.json") && missing.err().contains("--tokenizer"),
        missing.err());
    CliRun r =
        CliRun.of(
            "--generate",
            "--device",
            "cpu",
            "--checkpoint",
            bare.toString(),
            "--tokenizer",
            checkpoint.resolve("tokenizer.json").toString(),
            "--temperature",
            "0",
            "--max-new-tokens",
            "500",
            "--stop",
            "never-there");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("stopped: context full"), r.err());
    assertTrue(r.err().contains("--context slide"), r.err());
    CliRun slide =
        CliRun.of(
            "--generate",
            "--device",
            "cpu",
            "--checkpoint",
            bare.toString(),
            "--tokenizer",
            checkpoint.resolve("tokenizer.json").toString(),
            "--max-new-tokens",
            "80",
            "--context",
            "slide",
            "--top-k",
            "20",
            "--min-p",
            "0.01",
            "--repetition-penalty",
            "1.2");
    assertEquals(0, slide.code(), slide.err());
    assertTrue(
        slide.err().contains("80 tokens") && slide.err().contains("window slid"), slide.err());
  }

  @Test
  void badSamplingValuesAreUsageErrors() {
    CliRun topP = CliRun.of("--generate", "--checkpoint", checkpoint.toString(), "--top-p", "2");
    assertEquals(2, topP.code());
    assertTrue(topP.err().contains("--top-p (2.0) must be within (0, 1]"), topP.err());
    CliRun temp =
        CliRun.of("--generate", "--checkpoint", checkpoint.toString(), "--temperature", "-1");
    assertEquals(2, temp.code());
    assertTrue(temp.err().contains("--temperature (-1.0) must be >= 0"), temp.err());
    CliRun tokens =
        CliRun.of("--generate", "--checkpoint", checkpoint.toString(), "--max-new-tokens", "0");
    assertEquals(2, tokens.code());
    assertTrue(
        tokens.err().contains("--max-new-tokens must be within [1, 1048576], got 0"), tokens.err());
    CliRun modes = CliRun.of("--generate", "--dump");
    assertEquals(2, modes.code());
  }

  @Test
  void withoutACheckpointItLooksForTheSampleModel() {
    String before = System.getProperty(SampleModel.PROPERTY);
    Path nowhere = tmp.resolve("no-sample-model");
    System.setProperty(SampleModel.PROPERTY, nowhere.toString());
    try {
      CliRun r = CliRun.of("--generate", "--prompt", "hello");
      assertEquals(1, r.code());
      assertTrue(r.err().contains("no sample model found"), r.err());
      assertTrue(r.err().contains(nowhere.toString()), r.err());
      assertTrue(r.err().contains("--checkpoint DIR"), r.err());
      // Pointing the property at a checkpoint makes it the default.
      System.setProperty(SampleModel.PROPERTY, checkpoint.toString());
      CliRun found = CliRun.of("--generate", "--device", "cpu", "--max-new-tokens", "3");
      assertEquals(0, found.code(), found.err());
    } finally {
      if (before == null) {
        System.clearProperty(SampleModel.PROPERTY);
      } else {
        System.setProperty(SampleModel.PROPERTY, before);
      }
    }
  }

  @Test
  void benchGenerateCapsTheTokensAtTheContext() {
    CliRun r =
        CliRun.of(
            "--bench", "generate", "--preset", "tiny", "--device", "cpu", "--new-tokens", "100");
    assertEquals(0, r.code(), r.err());
    JsonObject json = JsonParser.parseString(r.out().trim()).getAsJsonObject();
    assertEquals("generate", json.get("bench").getAsString());
    assertEquals("tiny", json.get("preset").getAsString());
    assertEquals(48, json.get("gen_new_tokens").getAsInt(), "64 - 16");
    assertTrue(json.get("capped").getAsString().contains("48"));
    assertTrue(json.get("gen_tokens_per_s").getAsDouble() > 0);
    assertTrue(json.get("gen_uncached_tokens_per_s").getAsDouble() > 0);
    assertTrue(json.has("gen_time_to_first_token_ms"));
    assertTrue(json.get("same_ids").getAsBoolean());
  }
}
