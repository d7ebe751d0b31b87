package org.minimind.workbench.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.minimind.workbench.model.ModelConfig;

class StateDictCheckTest {

  private static final Path FILE = Path.of("runs", "model.safetensors");

  private static final StateDictCheck LAYOUT =
      StateDictCheck.builder()
          .expect("tok_embeddings.weight", 4, 2)
          .expect("layers.0.attention.wq.weight", 64, 64)
          .expect("norm.weight", 2)
          .expect("step", EnumSet.of(DType.I64), 1)
          .tie("output.weight", "tok_embeddings.weight")
          .build();

  private static final float[] EMB = {1, 2, 3, 4, 5, 6, 7, 8};

  private static TensorData f32(String name, float[] v, long... shape) {
    return TensorData.ofFloats(name, shape, v, DType.F32);
  }

  /** A complete, valid state dict with the tied pair under both names. */
  private static LinkedHashMap<String, TensorData> valid() {
    LinkedHashMap<String, TensorData> m = new LinkedHashMap<>();
    m.put("output.weight", f32("output.weight", EMB, 4, 2));
    m.put(
        "layers.0.attention.wq.weight",
        TensorData.ofFloats(
            "layers.0.attention.wq.weight", new long[] {64, 64}, new float[64 * 64], DType.BF16));
    m.put(
        "norm.weight",
        TensorData.ofFloats("norm.weight", new long[] {2}, new float[] {0.5f, 1.5f}, DType.F16));
    m.put("step", TensorData.ofLongs("step", new long[] {1}, new long[] {100}));
    m.put("tok_embeddings.weight", f32("tok_embeddings.weight", EMB, 4, 2));
    return m;
  }

  private static CheckpointException fails(Map<String, TensorData> m, String tensor) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> LAYOUT.check(FILE, m));
    assertEquals(FILE, e.file());
    assertTrue(e.getMessage().startsWith(FILE + ": tensor '" + tensor + "': "), e.getMessage());
    assertEquals(tensor, e.tensor().orElseThrow());
    return e;
  }

  @Test
  void validStateDictComesBackCanonicalInLayoutOrderAndWidened() throws IOException {
    LinkedHashMap<String, TensorData> out = LAYOUT.check(FILE, valid());
    assertEquals(
        List.of("tok_embeddings.weight", "layers.0.attention.wq.weight", "norm.weight", "step"),
        new ArrayList<>(out.keySet()));
    assertEquals(DType.F32, out.get("layers.0.attention.wq.weight").dtype());
    assertEquals(DType.F32, out.get("norm.weight").dtype());
    assertArrayEquals(new float[] {0.5f, 1.5f}, out.get("norm.weight").toFloats());
    assertEquals(DType.I64, out.get("step").dtype());
    out.forEach((name, t) -> assertEquals(name, t.name()));
  }

  @Test
  void aWrappedModelsStateDictIsReadUnderItsOwnNames() throws IOException {
    // DistributedDataParallel saves module.*, torch.compile _orig_mod.*, both together both
    for (String prefix : List.of("module.", "_orig_mod.", "_orig_mod.module.")) {
      LinkedHashMap<String, TensorData> wrapped = new LinkedHashMap<>();
      valid().forEach((k, v) -> wrapped.put(prefix + k, v));
      LinkedHashMap<String, TensorData> out = LAYOUT.check(FILE, wrapped);
      assertEquals(
          List.of("tok_embeddings.weight", "layers.0.attention.wq.weight", "norm.weight", "step"),
          new ArrayList<>(out.keySet()),
          prefix);
      assertArrayEquals(EMB, out.get("tok_embeddings.weight").toFloats(), prefix);
    }
    // a prefix on only some names is not a wrapper's: those names are unexpected
    LinkedHashMap<String, TensorData> mixed = valid();
    mixed.put("module.norm.weight", mixed.remove("norm.weight"));
    fails(mixed, "module.norm.weight");
  }

  @Test
  void tiedPairUnderTheCanonicalNameOnly() throws IOException {
    LinkedHashMap<String, TensorData> m = valid();
    m.remove("output.weight");
    assertArrayEquals(EMB, LAYOUT.check(FILE, m).get("tok_embeddings.weight").toFloats());
  }

  @Test
  void tiedPairUnderTheAliasOnly() throws IOException {
    LinkedHashMap<String, TensorData> m = valid();
    m.remove("tok_embeddings.weight");
    TensorData t = LAYOUT.check(FILE, m).get("tok_embeddings.weight");
    assertEquals("tok_embeddings.weight", t.name());
    assertArrayEquals(EMB, t.toFloats());
  }

  @Test
  void tiedPairStoredInDifferentFloatTypesButEqualValuesIsAccepted() throws IOException {
    LinkedHashMap<String, TensorData> m = valid();
    m.put("output.weight", TensorData.ofFloats("output.weight", new long[] {4, 2}, EMB, DType.F16));
    assertArrayEquals(EMB, LAYOUT.check(FILE, m).get("tok_embeddings.weight").toFloats());
  }

  @Test
  void tiedPairThatDisagrees() {
    LinkedHashMap<String, TensorData> m = valid();
    float[] other = EMB.clone();
    other[3] = -4;
    m.put("output.weight", f32("output.weight", other, 4, 2));
    CheckpointException e = fails(m, "output.weight");
    assertTrue(
        e.getMessage()
            .contains(
                "expected values equal to its tied tensor 'tok_embeddings.weight', found 1 differing"
                    + " values, the first at index 3: -4.0 instead of 4.0"),
        e.getMessage());
  }

  @Test
  void missingTensor() {
    LinkedHashMap<String, TensorData> m = valid();
    m.remove("norm.weight");
    CheckpointException e = fails(m, "norm.weight");
    assertTrue(e.getMessage().contains("missing: expected a tensor of shape [2]"), e.getMessage());
  }

  @Test
  void missingTiedPairMentionsTheAlias() {
    LinkedHashMap<String, TensorData> m = valid();
    m.remove("tok_embeddings.weight");
    m.remove("output.weight");
    CheckpointException e = fails(m, "tok_embeddings.weight");
    assertTrue(e.getMessage().contains("shape [4, 2]"), e.getMessage());
    assertTrue(e.getMessage().contains("or as 'output.weight'"), e.getMessage());
  }

  @Test
  void unexpectedTensor() {
    LinkedHashMap<String, TensorData> m = valid();
    m.put("layers.9.extra", f32("layers.9.extra", new float[] {1}, 1));
    CheckpointException e = fails(m, "layers.9.extra");
    assertTrue(e.getMessage().contains("unexpected tensor F32 [1]"), e.getMessage());
  }

  @Test
  void wrongShapeNamesExpectedAndFound() {
    LinkedHashMap<String, TensorData> m = valid();
    m.put(
        "layers.0.attention.wq.weight",
        f32("layers.0.attention.wq.weight", new float[64 * 32], 64, 32));
    CheckpointException e = fails(m, "layers.0.attention.wq.weight");
    assertEquals(
        FILE
            + ": tensor 'layers.0.attention.wq.weight': expected shape [64, 64],"
            + " found [64, 32]",
        e.getMessage());
  }

  @Test
  void wrongDtype() {
    LinkedHashMap<String, TensorData> m = valid();
    m.put("norm.weight", TensorData.ofLongs("norm.weight", new long[] {2}, new long[] {1, 2}));
    CheckpointException e = fails(m, "norm.weight");
    assertTrue(
        e.getMessage().endsWith("expected dtype one of [F32, F16, BF16], found I64"),
        e.getMessage());
    LinkedHashMap<String, TensorData> m2 = valid();
    m2.put("step", f32("step", new float[] {1}, 1));
    assertTrue(fails(m2, "step").getMessage().endsWith("expected dtype I64, found F32"));
  }

  @Test
  void nanAndInfinityAreRefused() {
    LinkedHashMap<String, TensorData> m = valid();
    m.put("norm.weight", f32("norm.weight", new float[] {1, Float.NaN}, 2));
    CheckpointException e = fails(m, "norm.weight");
    assertTrue(
        e.getMessage()
            .contains(
                "expected finite values, found 1 non-finite value of 2,"
                    + " the first NaN at index 1"),
        e.getMessage());

    LinkedHashMap<String, TensorData> m2 = valid();
    float[] inf = new float[64 * 64];
    inf[100] = Float.NEGATIVE_INFINITY;
    inf[200] = Float.POSITIVE_INFINITY;
    m2.put(
        "layers.0.attention.wq.weight",
        TensorData.ofFloats("layers.0.attention.wq.weight", new long[] {64, 64}, inf, DType.BF16));
    e = fails(m2, "layers.0.attention.wq.weight");
    assertTrue(
        e.getMessage()
            .contains("2 non-finite values of 4096, the first -Infinity at" + " index 100"),
        e.getMessage());
  }

  @Test
  void tiedPairWithNanUnderBothNamesIsReportedOnce() {
    LinkedHashMap<String, TensorData> m = valid();
    float[] bad = EMB.clone();
    bad[0] = Float.NaN;
    m.put("output.weight", f32("output.weight", bad, 4, 2));
    m.put("tok_embeddings.weight", f32("tok_embeddings.weight", bad, 4, 2));
    CheckpointException e = fails(m, "tok_embeddings.weight");
    assertTrue(e.getMessage().contains("NaN at index 0"), e.getMessage());
    assertTrue(!e.getMessage().contains("more"), e.getMessage());
  }

  @Test
  void severalProblemsAreListedTogether() {
    LinkedHashMap<String, TensorData> m = valid();
    m.remove("norm.weight");
    m.put("stray", f32("stray", new float[] {1}, 1));
    m.put("step", f32("step", new float[] {1}, 1));
    CheckpointException e = fails(m, "stray");
    String msg = e.getMessage();
    assertTrue(msg.contains("(and 2 more: "), msg);
    assertTrue(msg.contains("tensor 'norm.weight': missing"), msg);
    assertTrue(msg.contains("tensor 'step': expected dtype I64"), msg);
  }

  @Test
  void layoutsAreValidated() {
    assertThrows(
        IllegalArgumentException.class,
        () -> StateDictCheck.builder().tie("output.weight", "tok_embeddings.weight"));
    assertThrows(
        IllegalArgumentException.class,
        () -> StateDictCheck.builder().expect("a", 1).expect("a", 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> StateDictCheck.builder().expect("a", 1).tie("a", "a"));
    assertThrows(
        IllegalArgumentException.class,
        () -> StateDictCheck.builder().expect("a", EnumSet.noneOf(DType.class), 1));
    StateDictCheck c = StateDictCheck.of(Map.of("a", new long[] {2}), Map.of("b", "a"));
    assertEquals(Map.of("b", "a"), c.tiedAliases());
    assertArrayEquals(new long[] {2}, c.expectedShapes().get("a"));
  }

  /** The seed model's parameter names and shapes for a config (the seed's own naming). */
  private static StateDictCheck seedLayout(ModelConfig c) {
    StateDictCheck.Builder b =
        StateDictCheck.builder()
            .expect("memory_bank", c.knowledgeNum(), c.knowledgeDim())
            .expect("tok_embeddings.weight", c.vocabSize(), c.dim());
    int kv = c.nKvHeads() * c.headDim();
    for (int i = 0; i < c.nLayers(); i++) {
      String p = "layers." + i + ".";
      b.expect(p + "attention.wq.weight", c.dim(), c.dim())
          .expect(p + "attention.wk.weight", kv, c.dim())
          .expect(p + "attention.wv.weight", kv, c.dim())
          .expect(p + "attention.wo.weight", c.dim(), c.dim())
          .expect(p + "attention_norm.weight", c.dim())
          .expect(p + "memory_norm.weight", c.dim())
          .expect(p + "memory_gate.keys", 2, c.numKeys(), c.knowledgeDim() / 2)
          .expect(p + "memory_gate.gate_proj.weight", c.knowledgeDim(), c.dim())
          .expect(p + "gated_memory_fusion.gate_proj.weight", c.dim(), c.fusionInputDim())
          .expect(p + "gated_memory_fusion.up_proj.weight", c.dim(), c.fusionInputDim())
          .expect(p + "gated_memory_fusion.down_proj.weight", c.dim(), c.dim());
    }
    return b.expect("norm.weight", c.dim()).tie("output.weight", "tok_embeddings.weight").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"seed-tiny", "seed-wide", "seed-mha"})
  void seedCheckpointsPassTheSeedLayout(String fixture) throws IOException {
    ModelConfig config =
        ModelConfig.read(TestFiles.resource("fixtures/" + fixture + "/config.json"));
    StateDictCheck layout = seedLayout(config);
    Path pth = TestFiles.resource("fixtures/" + fixture + "/model.pth");
    LinkedHashMap<String, TensorData> fromPth = layout.check(pth, PthReader.read(pth));
    Path st = TestFiles.resource("fixtures/" + fixture + "/model.safetensors");
    LinkedHashMap<String, TensorData> fromSt = layout.check(st, SafeTensors.read(st));
    assertEquals(fromSt, fromPth);
    assertEquals(layout.expectedShapes().keySet(), fromPth.keySet());

    // the same file against a config with another vocabulary fails on the embedding
    ModelConfig other =
        new ModelConfig(
            config.dim(),
            config.nLayers(),
            config.nHeads(),
            config.nKvHeads(),
            config.vocabSize() + 1,
            config.maxSeqLen(),
            config.dropout(),
            config.normEps(),
            config.ropeTheta(),
            config.knowledgeNum(),
            config.knowledgeDim(),
            config.numSelected());
    CheckpointException e =
        assertThrows(
            CheckpointException.class, () -> seedLayout(other).check(pth, PthReader.read(pth)));
    assertEquals("tok_embeddings.weight", e.tensor().orElseThrow());
    assertTrue(
        e.getMessage()
            .contains("expected shape [" + (config.vocabSize() + 1) + ", " + config.dim() + "]"),
        e.getMessage());
  }

  @Test
  void f32TensorsAreNotCopied() throws IOException {
    LinkedHashMap<String, TensorData> m = valid();
    m.remove("output.weight");
    TensorData emb = m.get("tok_embeddings.weight");
    assertSame(emb, LAYOUT.check(FILE, m).get("tok_embeddings.weight"));
  }
}
