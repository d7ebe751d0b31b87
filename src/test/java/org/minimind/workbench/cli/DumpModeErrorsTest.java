package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;

/** Bad input to --dump gives a message naming the problem, a non-zero exit and no output. */
class DumpModeErrorsTest {
  @TempDir Path tmp;

  private CliRun dump(Path inputs) {
    return CliRun.of(
        "--dump",
        "--device",
        "cpu",
        "--checkpoint",
        Fixtures.dir("seed-tiny").toString(),
        "--inputs",
        inputs.toString(),
        "--out",
        tmp.resolve("out").toString());
  }

  @Test
  void idsOutsideTheVocabulary() throws IOException {
    Path f = tmp.resolve("ids.safetensors");
    SafeTensors.write(
        f,
        Map.of(
            "input_ids",
            TensorData.ofLongs("input_ids", new long[] {1, 3}, new long[] {1, 512, 3})),
        Map.of());
    CliRun r = dump(f);
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("ids.safetensors")
            && r.err().contains("input_ids")
            && r.err().contains("id 512 at [0, 1] is outside the vocabulary [0, 512)"),
        r.err());
    assertFalse(Files.exists(tmp.resolve("out.safetensors")));
  }

  @Test
  void missingInputIdsTensor() throws IOException {
    Path f = tmp.resolve("other.safetensors");
    SafeTensors.write(
        f,
        Map.of("tokens", TensorData.ofLongs("tokens", new long[] {1, 2}, new long[] {1, 2})),
        Map.of());
    CliRun r = dump(f);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no tensor named 'input_ids'"), r.err());
  }

  @Test
  void truncatedInputsFile() throws IOException {
    Path f = tmp.resolve("cut.safetensors");
    byte[] whole = Files.readAllBytes(Fixtures.dir("seed-tiny").resolve("expected.safetensors"));
    Files.write(f, java.util.Arrays.copyOf(whole, whole.length / 2));
    CliRun r = dump(f);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("cut.safetensors"), r.err());
  }

  @Test
  void missingOptionsAreUsageErrors() {
    CliRun r = CliRun.of("--dump", "--checkpoint", Fixtures.dir("seed-tiny").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--dump needs --inputs"), r.err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun r = CliRun.of("--dmup");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--dmup"), r.err());
  }

  @Test
  void sequencesLongerThanTheContextAreRefused() throws IOException {
    Path f = tmp.resolve("long.safetensors");
    int t = 65; // the fixture's max_seq_len is 64
    SafeTensors.write(
        f,
        Map.of("input_ids", TensorData.ofLongs("input_ids", new long[] {1, t}, new long[t])),
        Map.of());
    CliRun r = dump(f);
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("long.safetensors")
            && r.err().contains("max_seq_len")
            && r.err().contains("found " + t),
        r.err());
    assertFalse(Files.exists(tmp.resolve("out.safetensors")));
  }

  /** A diverged checkpoint: a training step's loss is NaN; neither file is written. */
  @Test
  void aDivergedCheckpointWritesNeitherFile() throws IOException {
    Path ck = Files.createDirectories(tmp.resolve("diverged"));
    Path seed = Fixtures.dir("seed-tiny");
    Files.copy(seed.resolve("config.json"), ck.resolve("config.json"));
    Map<String, TensorData> weights =
        new java.util.LinkedHashMap<>(SafeTensors.read(seed.resolve("model.safetensors")));
    TensorData w = weights.get("norm.weight");
    float[] nan = new float[(int) w.numel()];
    java.util.Arrays.fill(nan, Float.NaN);
    weights.put("norm.weight", TensorData.ofFloats("norm.weight", w.shape(), nan, w.dtype()));
    SafeTensors.write(ck.resolve("model.safetensors"), weights, Map.of());
    CliRun r =
        CliRun.of(
            "--dump",
            "--train-step",
            "--device",
            "cpu",
            "--checkpoint",
            ck.toString(),
            "--inputs",
            seed.resolve("expected.safetensors").toString(),
            "--out",
            tmp.resolve("out").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(
        r.err().contains("diverged")
            && r.err().contains("non-finite")
            && r.err().contains(ck.toString()),
        r.err());
    assertFalse(r.err().contains("NaN is not a valid double value"), r.err());
    assertFalse(Files.exists(tmp.resolve("out.safetensors")));
    assertFalse(Files.exists(tmp.resolve("out.json")));
  }
}
