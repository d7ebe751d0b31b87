package org.minimind.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;
import picocli.CommandLine;

/**
 * Runs {@code --dump --train-step} on each recorded seed fixture, exactly as an external check
 * would, and compares every output with what the seed computed.
 */
class SeedParityTest {
  static final java.util.List<String> FIXTURES = Fixtures.ALL;

  @TempDir Path tmp;

  private record Dump(Map<String, TensorData> tensors, JsonObject json) {}

  private Dump dump(String fixture, String weights) throws IOException {
    Path dir = Fixtures.dir(fixture);
    Path checkpoint = weights == null ? dir : dir.resolve(weights);
    Path out = tmp.resolve(fixture);
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int code =
        cl.execute(
            "--dump",
            "--device",
            "cpu",
            "--checkpoint",
            checkpoint.toString(),
            "--inputs",
            dir.resolve("expected.safetensors").toString(),
            "--out",
            out.toString(),
            "--train-step");
    assertEquals(0, code, err.toString());
    return new Dump(
        SafeTensors.read(tmp.resolve(fixture + ".safetensors")),
        JsonParser.parseString(Files.readString(tmp.resolve(fixture + ".json"))).getAsJsonObject());
  }

  private static Map<String, TensorData> expected(String fixture) throws IOException {
    return SafeTensors.read(Fixtures.dir(fixture).resolve("expected.safetensors"));
  }

  private static JsonObject expectedJson(String fixture) throws IOException {
    return JsonParser.parseString(Files.readString(Fixtures.dir(fixture).resolve("expected.json")))
        .getAsJsonObject();
  }

  static double maxAbsDiff(TensorData a, TensorData b) {
    assertArrayEquals(b.shape(), a.shape(), "shape of " + a.name());
    float[] x = a.toFloats();
    float[] y = b.toFloats();
    double m = 0;
    for (int i = 0; i < x.length; i++) {
      m = Math.max(m, Math.abs((double) x[i] - y[i]));
    }
    return m;
  }

  static double maxAbs(TensorData a) {
    double m = 0;
    for (float v : a.toFloats()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void forwardMatchesSeed(String fixture) throws IOException {
    Dump d = dump(fixture, null);
    Map<String, TensorData> exp = expected(fixture);
    double logits = maxAbsDiff(d.tensors.get("logits"), exp.get("logits"));
    System.out.printf("%s: logits %.2e%n", fixture, logits);
    assertTrue(logits <= 1e-4, "logits differ by " + logits);
    int layers = 0;
    while (exp.containsKey("layer_" + layers + "_hidden")) {
      String p = "layer_" + layers + "_";
      double hidden = maxAbsDiff(d.tensors.get(p + "hidden"), exp.get(p + "hidden"));
      System.out.printf(
          "%s %s: hidden %.2e, scores %.2e%n",
          fixture,
          p,
          hidden,
          maxAbsDiff(d.tensors.get(p + "memory_scores"), exp.get(p + "memory_scores")));
      assertTrue(hidden <= 1e-4, p + "hidden differs by " + hidden);
      TensorData idx = d.tensors.get(p + "memory_indices");
      assertEquals(DType.I64, idx.dtype());
      assertArrayEquals(exp.get(p + "memory_indices").toLongs(), idx.toLongs(), p + "indices");
      double scores = maxAbsDiff(d.tensors.get(p + "memory_scores"), exp.get(p + "memory_scores"));
      assertTrue(scores <= 1e-5, p + "scores differ by " + scores);
      layers++;
    }
    assertTrue(layers > 0);
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void statsAndAuxLossMatchSeed(String fixture) throws IOException {
    Dump d = dump(fixture, null);
    JsonObject exp = expectedJson(fixture);
    assertRelative(
        exp.get("aux_loss").getAsDouble(), d.json.get("aux_loss").getAsDouble(), 1e-5, "aux_loss");
    JsonObject es = exp.getAsJsonObject("layer_stats");
    JsonObject as = d.json.getAsJsonObject("layer_stats");
    assertEquals(es.keySet(), as.keySet());
    for (String key : es.keySet()) {
      double e = es.get(key).getAsDouble();
      double a = as.get(key).getAsDouble();
      if (key.endsWith("memories") || key.endsWith("selections")) {
        assertEquals(e, a, 0.0, key + " is a count and must be exact");
      } else {
        assertRelative(e, a, 1e-5, key);
        System.out.printf("%s %s: relative %.2e%n", fixture, key, Math.abs(e - a) / Math.abs(e));
      }
    }
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void trainingStepMatchesSeed(String fixture) throws IOException {
    Dump d = dump(fixture, null);
    Map<String, TensorData> exp = expected(fixture);
    JsonObject expJson = expectedJson(fixture);
    JsonObject expNorms = expJson.getAsJsonObject("grad_norms");
    JsonObject norms = d.json.getAsJsonObject("grad_norms");
    double worstGrad = 0;
    assertEquals(expNorms.keySet(), norms.keySet(), "parameters and their order");
    for (String name : expNorms.keySet()) {
      JsonElement e = expNorms.get(name);
      TensorData grad = d.tensors.get("grad." + name);
      if (e.isJsonNull()) {
        assertTrue(norms.get(name).isJsonNull(), name + " must have no gradient, as in the seed");
        assertNull(grad, name + " must not be dumped");
        assertFalse(exp.containsKey("grad." + name));
      } else {
        assertNotNull(grad, name + " must have a gradient");
        TensorData eg = exp.get("grad." + name);
        double diff = maxAbsDiff(grad, eg);
        assertTrue(diff <= 1e-4 * maxAbs(eg), name + " gradient differs by " + diff);
        worstGrad = Math.max(worstGrad, diff / maxAbs(eg));
        assertRelative(e.getAsDouble(), norms.get(name).getAsDouble(), 1e-4, name + " norm");
      }
    }
    double bank =
        maxAbsDiff(d.tensors.get("memory_bank_after_step"), exp.get("memory_bank_after_step"));
    assertTrue(bank <= 1e-6, "memory bank after AdamW differs by " + bank);
    System.out.printf(
        "%s: worst gradient error %.2e of max, bank after step %.2e%n", fixture, worstGrad, bank);
    assertRelative(
        expJson.get("train_ce").getAsDouble(),
        d.json.get("train_ce").getAsDouble(),
        1e-5,
        "train_ce");
    assertRelative(
        expJson.get("train_loss").getAsDouble(),
        d.json.get("train_loss").getAsDouble(),
        1e-5,
        "train_loss");
    assertFalse(d.json.get("aux_loss_requires_grad").getAsBoolean());
    JsonObject ed = expJson.getAsJsonObject("drift_after_step");
    JsonObject ad = d.json.getAsJsonObject("drift_after_step");
    for (String key : ed.keySet()) {
      assertEquals(ed.get(key).getAsDouble(), ad.get(key).getAsDouble(), 1e-5, key);
    }
  }

  @ParameterizedTest
  @FieldSource("FIXTURES")
  void pthCheckpointGivesTheSameOutputs(String fixture) throws IOException {
    Dump fromPth = dump(fixture, "model.pth");
    Map<String, TensorData> exp = expected(fixture);
    assertTrue(maxAbsDiff(fromPth.tensors.get("logits"), exp.get("logits")) <= 1e-4);
  }

  static void assertRelative(double expected, double actual, double tol, String what) {
    double scale = Math.max(Math.abs(expected), 1e-12);
    assertTrue(
        Math.abs(expected - actual) <= tol * scale,
        what + ": expected " + expected + ", got " + actual);
  }
}
