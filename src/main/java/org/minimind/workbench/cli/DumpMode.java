package org.minimind.workbench.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.ForwardOptions;
import org.minimind.workbench.model.ForwardOutput;
import org.minimind.workbench.model.LayerTrace;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.io.AtomicFiles;
import org.minimind.workbench.model.io.CheckpointException;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;
import org.minimind.workbench.train.ReferenceStep;

/**
 * {@code --dump}: runs a checkpoint on given token ids and writes what it computes, under the names
 * the seed's recorded fixtures use, so outputs can be compared with the seed's tensor by tensor.
 *
 * <p>Writes {@code OUT.safetensors} ({@code logits}, {@code layer_{i}_hidden}, {@code
 * layer_{i}_memory_indices}, {@code layer_{i}_memory_scores}; with a training step also {@code
 * grad.{name}} and {@code memory_bank_after_step}) and {@code OUT.json} ({@code aux_loss}, {@code
 * layer_stats}; with a training step also {@code train_ce}, {@code train_loss}, {@code grad_norms}
 * with null where a parameter got no gradient, and {@code drift_after_step}).
 */
final class DumpMode {
  private static final Gson GSON = new GsonBuilder().serializeNulls().setPrettyPrinting().create();

  /** Turns the results into a JSON tree, NaN included, to look for NaN before writing. */
  private static final Gson GSON_TREE =
      new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().create();

  private DumpMode() {}

  /** Runs the dump; returns the two files written. */
  static List<Path> run(Path checkpoint, Path inputs, Path out, boolean trainStep, Device device)
      throws IOException {
    Path base = stripSuffix(out);
    Path tensorsFile = base.resolveSibling(base.getFileName() + ".safetensors");
    Path jsonFile = base.resolveSibling(base.getFileName() + ".json");
    Path parent = tensorsFile.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      throw new IOException(parent + ": output directory does not exist");
    }
    try (MemoryLM model = Checkpoint.load(checkpoint, device);
        NDManager scope = model.parameters().manager().newSubManager()) {
      long[][] ids = readInputIds(inputs, model.config().vocabSize());
      if (ids[0].length > model.config().maxSeqLen()) {
        throw new CheckpointException(
            inputs,
            "input_ids",
            "expected at most the model's"
                + " max_seq_len ("
                + model.config().maxSeqLen()
                + ") positions per sequence, found "
                + ids[0].length);
      }
      int b = ids.length;
      int t = ids[0].length;
      long[] flat = new long[b * t];
      for (int i = 0; i < b; i++) {
        System.arraycopy(ids[i], 0, flat, i * t, t);
      }
      NDArray input = scope.create(flat, new Shape(b, t));

      Map<String, TensorData> tensors = new LinkedHashMap<>();
      Map<String, Object> json = new LinkedHashMap<>();
      ForwardOutput fwd =
          model.forward(model.bind(scope, false), input, ForwardOptions.evaluation().withHidden());
      tensors.put("logits", floats("logits", fwd.logits()));
      for (int i = 0; i < fwd.layers().size(); i++) {
        LayerTrace layer = fwd.layers().get(i);
        String p = "layer_" + i + "_";
        tensors.put(p + "hidden", floats(p + "hidden", layer.hidden()));
        tensors.put(
            p + "memory_indices",
            TensorData.ofLongs(
                p + "memory_indices",
                layer.memoryIndices().getShape().getShape(),
                layer.memoryIndices().toLongArray()));
        tensors.put(p + "memory_scores", floats(p + "memory_scores", layer.memoryScores()));
      }
      json.put("aux_loss", fwd.auxLoss());
      json.put("layer_stats", fwd.layerStats());

      if (trainStep) {
        ReferenceStep.Result r = ReferenceStep.run(model, input);
        for (Map.Entry<String, float[]> g : r.gradients().entrySet()) {
          String name = "grad." + g.getKey();
          long[] shape = model.parameters().shape(g.getKey()).getShape();
          tensors.put(name, TensorData.ofFloats(name, shape, g.getValue(), DType.F32));
        }
        long[] bankShape = model.parameters().shape(MemoryLM.MEMORY_BANK).getShape();
        tensors.put(
            "memory_bank_after_step",
            TensorData.ofFloats("memory_bank_after_step", bankShape, r.bankAfter(), DType.F32));
        json.put("train_ce", r.ce());
        json.put("train_loss", r.loss());
        json.put("aux_loss_requires_grad", false);
        json.put("grad_norms", r.gradNorms());
        json.put("drift_after_step", r.drift().asMap());
        Map<String, Object> adamw = new LinkedHashMap<>();
        adamw.put("lr", ReferenceStep.ADAMW.lr());
        adamw.put("betas", List.of(ReferenceStep.ADAMW.beta1(), ReferenceStep.ADAMW.beta2()));
        adamw.put("weight_decay", ReferenceStep.ADAMW.weightDecay());
        adamw.put("eps", ReferenceStep.ADAMW.eps());
        json.put("adamw", adamw);
      }
      // Both files or neither: the JSON is made (and checked) before anything is written, and
      // the tensors file is removed again if the JSON cannot be written.
      String jsonText = toJson(checkpoint, json);
      SafeTensors.write(tensorsFile, tensors, Map.of("format", "pt"));
      try {
        AtomicFiles.writeString(jsonFile, jsonText);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tensorsFile);
        throw e;
      }
    }
    return List.of(tensorsFile, jsonFile);
  }

  /**
   * The JSON text of the results; a non-finite number (a diverged checkpoint's loss or gradient
   * norm) is an error naming the value, since JSON has no NaN.
   */
  private static String toJson(Path checkpoint, Map<String, Object> json) throws IOException {
    JsonElement tree = GSON_TREE.toJsonTree(json);
    String bad = nonFinite("", tree);
    if (bad != null) {
      throw new IOException(
          checkpoint
              + ": the model computes a non-finite "
              + bad
              + "; its weights have diverged (nothing was written)");
    }
    return GSON.toJson(tree) + "\n";
  }

  /** The path of the first NaN or infinite number in a JSON tree, or null. */
  private static String nonFinite(String path, JsonElement e) {
    if (e.isJsonPrimitive()
        && e.getAsJsonPrimitive().isNumber()
        && !Double.isFinite(e.getAsDouble())) {
      return path + " (" + e.getAsDouble() + ")";
    }
    if (e.isJsonObject()) {
      for (Map.Entry<String, JsonElement> c : e.getAsJsonObject().entrySet()) {
        String found =
            nonFinite(path.isEmpty() ? c.getKey() : path + "." + c.getKey(), c.getValue());
        if (found != null) {
          return found;
        }
      }
    } else if (e.isJsonArray()) {
      for (int i = 0; i < e.getAsJsonArray().size(); i++) {
        String found = nonFinite(path + "[" + i + "]", e.getAsJsonArray().get(i));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Reads {@code input_ids} (int64 or int32, [B, T]) and checks every id against the vocab. */
  static long[][] readInputIds(Path file, int vocabSize) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such inputs file");
    }
    TensorData ids = SafeTensors.read(file).get("input_ids");
    if (ids == null) {
      throw new CheckpointException(file, "input_ids", "no tensor named 'input_ids'");
    }
    if (ids.dtype() != DType.I64 && ids.dtype() != DType.I32) {
      throw new CheckpointException(
          file, "input_ids", "expected dtype I64, found " + ids.dtype().safetensorsName());
    }
    long[] shape = ids.shape();
    if (shape.length != 2 || shape[0] == 0 || shape[1] == 0) {
      throw new CheckpointException(
          file,
          "input_ids",
          "expected a non-empty [batch, time] tensor, found shape "
              + java.util.Arrays.toString(shape));
    }
    long[] flat = ids.toLongs();
    int b = (int) shape[0];
    int t = (int) shape[1];
    long[][] rows = new long[b][t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        long id = flat[i * t + j];
        if (id < 0 || id >= vocabSize) {
          throw new CheckpointException(
              file,
              "input_ids",
              "id "
                  + id
                  + " at ["
                  + i
                  + ", "
                  + j
                  + "] is outside the vocabulary [0, "
                  + vocabSize
                  + ")");
        }
        rows[i][j] = id;
      }
    }
    return rows;
  }

  private static TensorData floats(String name, NDArray a) {
    return TensorData.ofFloats(name, a.getShape().getShape(), a.toFloatArray(), DType.F32);
  }

  private static Path stripSuffix(Path out) {
    String name = out.getFileName().toString();
    for (String suffix : new String[] {".safetensors", ".json"}) {
      if (name.endsWith(suffix)) {
        return out.resolveSibling(name.substring(0, name.length() - suffix.length()));
      }
    }
    return out;
  }
}
