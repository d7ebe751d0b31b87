package org.minimind.workbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minimind.workbench.Fixtures;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;

/**
 * The REMOVE ablation against the seed: seed-tiny's weights and inputs, with slots banned from the
 * gates' candidates, compared with what the seed's own gate computes when the banned slots'
 * candidate sums are -inf before its final top-k ({@code src/test/python/make_ablated_fixture.py}
 * recorded it in the fixture {@code seed-tiny-ablated}). Same tolerances as {@code SeedParityTest}.
 */
class SeedAblationParityTest {

  @Test
  void removingSlotsMatchesTheSeedsGateWithThoseCandidatesMasked() throws IOException {
    Path dir = Fixtures.dir("seed-tiny-ablated");
    Map<String, TensorData> exp = SafeTensors.read(dir.resolve("expected.safetensors"));
    Map<String, TensorData> plain =
        SafeTensors.read(Fixtures.dir("seed-tiny").resolve("expected.safetensors"));
    Intervention iv =
        Intervention.parse(
            JsonParser.parseString(Files.readString(dir.resolve("expected.json")))
                .getAsJsonObject()
                .get("intervention")
                .getAsString());
    TensorData ids = exp.get("input_ids");
    long[] shape = ids.shape();
    try (MemoryLM model = Checkpoint.load(Fixtures.dir("seed-tiny"), Device.cpu());
        NDManager scope = model.parameters().manager().newSubManager()) {
      ForwardOutput out =
          model.forward(
              model.bind(scope, false),
              scope.create(ids.toLongs(), new Shape(shape)),
              ForwardOptions.evaluation().withHidden().withIntervention(iv));
      double logits = maxAbsDiff(out.logits().toFloatArray(), exp.get("logits").toFloats());
      System.out.printf("seed-tiny %s: logits %.2e%n", iv, logits);
      assertTrue(logits <= 1e-4, "logits differ by " + logits);
      for (int l = 0; l < model.config().nLayers(); l++) {
        String p = "layer_" + l + "_";
        LayerTrace layer = out.layers().get(l);
        long[] expected = exp.get(p + "memory_indices").toLongs();
        // the fixture is a real test only where the ablation changed the selection
        assertFalse(Arrays.equals(plain.get(p + "memory_indices").toLongs(), expected), p);
        assertArrayEquals(expected, layer.memoryIndices().toLongArray(), p + "indices");
        double hidden = maxAbsDiff(layer.hidden().toFloatArray(), exp.get(p + "hidden").toFloats());
        assertTrue(hidden <= 1e-4, p + "hidden differs by " + hidden);
        double scores =
            maxAbsDiff(
                layer.memoryScores().toFloatArray(), exp.get(p + "memory_scores").toFloats());
        assertTrue(scores <= 1e-5, p + "scores differ by " + scores);
      }
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertTrue(a.length == b.length, a.length + " values vs " + b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }
}
