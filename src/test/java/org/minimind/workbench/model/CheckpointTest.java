package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.model.io.CheckpointException;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;

class CheckpointTest {
  @TempDir Path tmp;

  @Test
  void pthAndSafetensorsLoadToIdenticalWeights() throws IOException {
    for (String f : Fixtures.ALL) {
      Path dir = Fixtures.dir(f);
      ModelConfig cfg = ModelConfig.read(dir.resolve("config.json"));
      Map<String, float[]> st =
          Checkpoint.readWeights(dir.resolve("model.safetensors"), cfg).values();
      Map<String, float[]> pth = Checkpoint.readWeights(dir.resolve("model.pth"), cfg).values();
      assertEquals(st.keySet(), pth.keySet());
      assertEquals(MemoryLM.layout(cfg).entries().keySet(), st.keySet());
      for (String name : st.keySet()) {
        assertArrayEquals(st.get(name), pth.get(name), 0f, f + " " + name);
      }
    }
  }

  @Test
  void savesAndReloadsExactlyInF32AndCloselyInF16() throws IOException {
    ModelConfig cfg = new ModelConfig(32, 2, 4, 2, 97, 24, 0, 1e-5, 1e4, 64, 8, 3);
    try (MemoryLM model = MemoryLM.initialize(cfg, Device.cpu(), 5)) {
      Checkpoint.save(model, tmp.resolve("f32"), DType.F32, Map.of("step", "7"));
      Checkpoint.save(model, tmp.resolve("f16"), DType.F16, Map.of());
      Map<String, TensorData> raw = SafeTensors.read(tmp.resolve("f32/model.safetensors"));
      assertTrue(
          raw.containsKey("output.weight") && raw.containsKey("tok_embeddings.weight"),
          "the tied pair is stored under both names, as the seed's state_dict");
      assertEquals("7", SafeTensors.readMetadata(tmp.resolve("f32/model.safetensors")).get("step"));
      try (MemoryLM f32 = Checkpoint.load(tmp.resolve("f32"), Device.cpu());
          MemoryLM f16 = Checkpoint.load(tmp.resolve("f16"), Device.cpu())) {
        assertEquals(cfg, f32.config());
        for (String name : model.parameters().names()) {
          float[] want = model.parameters().get(name).toFloatArray();
          assertArrayEquals(want, f32.parameters().get(name).toFloatArray(), 0f, name);
          assertArrayEquals(want, f16.parameters().get(name).toFloatArray(), 2e-3f, name);
        }
      }
    }
  }

  @Test
  void aWeightsFileLoadsWithTheConfigBesideIt() throws IOException {
    try (MemoryLM m =
        Checkpoint.load(Fixtures.dir("seed-mha").resolve("model.pth"), Device.cpu())) {
      assertEquals(1, m.config().nLayers());
    }
    Path lone = tmp.resolve("lone.safetensors");
    Files.copy(Fixtures.dir("seed-mha").resolve("model.safetensors"), lone);
    IOException e = assertThrows(IOException.class, () -> Checkpoint.load(lone, Device.cpu()));
    assertTrue(e.getMessage().contains("no config.json beside it"), e.getMessage());
  }

  @Test
  void wrongShapeNamesFileTensorAndExpectation() throws IOException {
    Path dir = tmp.resolve("wrong");
    Files.createDirectories(dir);
    // The seed-wide weights under the seed-tiny config: every shape disagrees.
    Files.copy(Fixtures.dir("seed-tiny").resolve("config.json"), dir.resolve("config.json"));
    Files.copy(
        Fixtures.dir("seed-wide").resolve("model.safetensors"), dir.resolve("model.safetensors"));
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoint.load(dir, Device.cpu()));
    assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    assertTrue(e.getMessage().contains("expected"), e.getMessage());
    assertTrue(e.tensor().isPresent(), e.getMessage());
  }

  @Test
  void notACheckpoint() {
    IOException e = assertThrows(IOException.class, () -> Checkpoint.load(tmp, Device.cpu()));
    assertTrue(e.getMessage().contains("not a checkpoint directory"), e.getMessage());
    e = assertThrows(IOException.class, () -> Checkpoint.load(tmp.resolve("nope"), Device.cpu()));
    assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
  }
}
