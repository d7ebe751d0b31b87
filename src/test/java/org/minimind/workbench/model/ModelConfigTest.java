package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void missingKeysTakeLmConfigDefaults() {
    ModelConfig c = ModelConfig.fromJson("{\"dim\": 64, \"n_heads\": 8, \"n_kv_heads\": 2}");
    assertEquals(64, c.dim());
    assertEquals(ModelConfig.SEED_DEFAULTS.knowledgeNum(), c.knowledgeNum());
    assertEquals(ModelConfig.SEED_DEFAULTS.vocabSize(), c.vocabSize());
  }

  @Test
  void validationNamesTheOffendingValue() {
    assertMessage("knowledge_num (1000) must be a perfect square", () -> with(64, 4, 2, 1000, 16, 4));
    assertMessage("dim (66) must be divisible by n_heads (4)", () -> with(66, 4, 2, 1024, 16, 4));
    assertMessage("n_heads (4) must be divisible by n_kv_heads (3)", () -> with(64, 4, 3, 1024, 16, 4));
    assertMessage("knowledge_dim (15) must be even", () -> with(64, 4, 2, 1024, 15, 4));
    assertMessage("num_selected (33) must be at most sqrt(knowledge_num) (32)",
        () -> with(64, 4, 2, 1024, 16, 33));
    assertMessage("dim (0) must be positive", () -> with(0, 4, 2, 1024, 16, 4));
    assertMessage("num_selected (-1) must be positive", () -> with(64, 4, 2, 1024, 16, -1));
  }

  @Test
  void badJsonNamesTheFileAndKey() throws IOException {
    Path f = tmp.resolve("config.json");
    Files.writeString(f, "{\"dim\": \"wide\"}");
    IOException e = assertThrows(IOException.class, () -> ModelConfig.read(f));
    assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("dim"), e.getMessage());
    Files.writeString(f, "{\"dim\": 64.5}");
    e = assertThrows(IOException.class, () -> ModelConfig.read(f));
    assertTrue(e.getMessage().contains("dim (64.5) must be an integer"), e.getMessage());
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
