package org.minimind.workbench.run;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;
import org.minimind.workbench.train.AdamW;

/**
 * AdamW's first and second moments as a safetensors file ({@code exp_avg.NAME}, {@code
 * exp_avg_sq.NAME}, F32), saved beside a checkpoint's weights so that a resumed run continues with
 * the same optimizer state. The step counts go to the checkpoint's {@link TrainerRecord}.
 */
final class OptimizerMoments {
  private OptimizerMoments() {}

  static void write(Path file, AdamW optimizer, long step) throws IOException {
    Map<String, TensorData> moments = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : optimizer.expAvg().entrySet()) {
      long[] shape = e.getValue().getShape().getShape();
      String n = e.getKey();
      moments.put(
          "exp_avg." + n,
          TensorData.ofFloats("exp_avg." + n, shape, e.getValue().toFloatArray(), DType.F32));
      moments.put(
          "exp_avg_sq." + n,
          TensorData.ofFloats(
              "exp_avg_sq." + n, shape, optimizer.expAvgSq().get(n).toFloatArray(), DType.F32));
    }
    SafeTensors.write(file, moments, Map.of("step", Long.toString(step)));
  }

  /** Restores every parameter's moments and step count into {@code optimizer}. */
  static void restore(Path file, TrainerRecord record, AdamW optimizer, MemoryLM model)
      throws IOException {
    Map<String, TensorData> state = SafeTensors.read(file);
    for (Map.Entry<String, Long> e : record.optimizerSteps().entrySet()) {
      String name = e.getKey();
      TensorData m = state.get("exp_avg." + name);
      TensorData v = state.get("exp_avg_sq." + name);
      if (m == null || v == null) {
        throw new IOException(file + ": no optimizer state for '" + name + "'");
      }
      optimizer.restore(
          name, m.toFloats(), v.toFloats(), e.getValue(), model.parameters().shape(name));
    }
  }
}
