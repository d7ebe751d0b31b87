package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;

class ModelConfigTest {
  @TempDir Path tmp;

  static ModelConfig with(int dim, int heads, int kv, int slots, int kdim, int k) {
    return new ModelConfig(dim, 2, heads, kv, 100, 32, 0, 1e-5, 1e6, slots, kdim, k);
  }

  @Test
  void readsTheSeedsConfigJson() throws IOException {
    ModelConfig c = ModelConfig.read(Fixtures.dir("seed-tiny").resolve("config.json"));
    assertEquals(new ModelConfig(64, 2, 4, 2, 512, 64, 0.0, 1e-5, 1e6, 1024, 16, 4), c);
    assertEquals(32, c.numKeys());
    assertEquals(64 + 4 * 16, c.fusionInputDim());
  }

  @Test
  void roundTripsThroughJsonUnderTheSeedsKeys() throws IOException {
    ModelConfig c = new ModelConfig(96, 3, 6, 3, 300, 48, 0.1, 1e-6, 1e4, 256, 8, 5);
    Path f = tmp.resolve("config.json");
    c.write(f);
    String json = Files.readString(f);
    for (String key : new String[] {"n_kv_heads", "knowledge_num", "num_selected", "rope_theta"}) {
      assertTrue(json.contains("\"" + key + "\""), key);
    }
    assertEquals(c, ModelConfig.read(f));
  }

  @Test
  void missingShapeKeysAreNamedAndOtherKeysTakeLmConfigDefaults() {
    assertMessage(
        "missing n_layers, vocab_size, max_seq_len, knowledge_num, knowledge_dim,"
            + " num_selected",
        () -> ModelConfig.fromJson("{\"dim\": 64, \"n_heads\": 8, \"n_kv_heads\": 2}"));
    ModelConfig c =
        ModelConfig.fromJson(
            "{\"dim\": 64, \"n_layers\": 2, \"n_heads\": 8,"
                + " \"n_kv_heads\": 2, \"vocab_size\": 512, \"max_seq_len\": 128,"
                + " \"knowledge_num\": 1024, \"knowledge_dim\": 16, \"num_selected\": 4}");
    assertEquals(64, c.dim());
    assertEquals(ModelConfig.SEED_DEFAULTS.normEps(), c.normEps());
    assertEquals(ModelConfig.SEED_DEFAULTS.ropeTheta(), c.ropeTheta());
  }

  @Test
  void numbersMustBeJsonNumbersWithinRange() throws IOException {
    String seed = Files.readString(Fixtures.dir("seed-tiny").resolve("config.json"));
    Path f = tmp.resolve("config.json");
    Files.writeString(f, seed.replaceFirst("\"dim\":\\s*\\d+", "\"dim\": \"64\""));
    IOException e = assertThrows(IOException.class, () -> ModelConfig.read(f));
    assertTrue(
        e.getMessage().contains("dim (\"64\") must be an integer, not a string"), e.getMessage());
    Files.writeString(
        f, seed.replaceFirst("\"knowledge_num\":\\s*\\d+", "\"knowledge_num\": 1099511627776"));
    e = assertThrows(IOException.class, () -> ModelConfig.read(f));
    assertTrue(
        e.getMessage().contains("knowledge_num (1099511627776) is out of range"), e.getMessage());
    Files.writeString(f, seed + " trailing");
    e = assertThrows(IOException.class, () -> ModelConfig.read(f));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertFalse(
        e.getMessage().contains("setStrictness") || e.getMessage().contains("https://"),
        e.getMessage());
  }

  @Test
  void validationNamesTheOffendingValue() {
    assertMessage(
        "knowledge_num (1000) must be a perfect square", () -> with(64, 4, 2, 1000, 16, 4));
    assertMessage("dim (66) must be divisible by n_heads (4)", () -> with(66, 4, 2, 1024, 16, 4));
    assertMessage(
        "n_heads (4) must be divisible by n_kv_heads (3)", () -> with(64, 4, 3, 1024, 16, 4));
    assertMessage("knowledge_dim (15) must be even", () -> with(64, 4, 2, 1024, 15, 4));
    assertMessage(
        "num_selected (33) must be at most sqrt(knowledge_num) (32)",
        () -> with(64, 4, 2, 1024, 16, 33));
    assertMessage("dim (0) must be positive", () -> with(0, 4, 2, 1024, 16, 4));
    assertMessage("num_selected (-1) must be positive", () -> with(64, 4, 2, 1024, 16, -1));
  }

  @Test
  void badJsonNamesTheFileAndKey() throws IOException {
    Path f = tmp.resolve("config.json");
    Files.writeString(f, "{\"dim\": \"wide\"}");
    IOException e = assertThrows(IOException.class, () -> ModelConfig.read(f));
    assertTrue(
        e.getMessage().contains("config.json") && e.getMessage().contains("dim"), e.getMessage());
    Files.writeString(f, "{\"dim\": 64.5}");
    e = assertThrows(IOException.class, () -> ModelConfig.read(f));
    assertTrue(e.getMessage().contains("dim (64.5) must be an integer"), e.getMessage());
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
