package org.minimind.workbench.model;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.minimind.workbench.model.io.AtomicFiles;
import org.minimind.workbench.model.io.CheckpointException;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.model.io.PthReader;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.StateDictCheck;
import org.minimind.workbench.model.io.TensorData;

/**
 * Model checkpoints in the seed's formats.
 *
 * <p>A checkpoint is a directory holding {@code config.json} (the seed's {@code LMConfig} keys) and
 * {@code model.safetensors} (the seed's {@code state_dict()} names, F32, F16 or BF16). The seed's
 * own {@code torch.save(state_dict)} files ({@code .pth}) load too, from a directory or as a file
 * with a {@code config.json} beside it. The tied embedding/output pair may be stored under either
 * name or both. Everything read is checked (names, shapes, dtypes, finite values) before a model is
 * built; errors name the file, the tensor and what was expected.
 */
public final class Checkpoint {
  public static final String CONFIG_FILE = "config.json";
  public static final String WEIGHTS_FILE = "model.safetensors";
  public static final String PTH_FILE = "model.pth";

  private Checkpoint() {}

  /** Resolves what a user pointed at into its config and weights files. */
  public record Location(Path config, Path weights) {}

  /**
   * Finds the config and weights of a checkpoint directory, a {@code .safetensors} file or a {@code
   * .pth} file.
   */
  public static Location locate(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      Path config = path.resolve(CONFIG_FILE);
      Path weights = path.resolve(WEIGHTS_FILE);
      if (!Files.isRegularFile(weights)) {
        weights = path.resolve(PTH_FILE);
      }
      if (!Files.isRegularFile(weights)) {
        throw new IOException(
            path + ": not a checkpoint directory (no " + WEIGHTS_FILE + " or " + PTH_FILE + ")");
      }
      if (!Files.isRegularFile(config)) {
        throw new IOException(path + ": checkpoint directory has no " + CONFIG_FILE);
      }
      return new Location(config, weights);
    }
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + ": no such file or directory");
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".safetensors") && !name.endsWith(".pth") && !name.endsWith(".pt")) {
      throw new IOException(
          path + ": expected a checkpoint directory, a .safetensors or a .pth file");
    }
    Path dir = path.toAbsolutePath().getParent();
    Path config = dir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(config)) {
      throw new IOException(
          path
              + ": no "
              + CONFIG_FILE
              + " beside it (the model's shape cannot be read from the"
              + " weights alone)");
    }
    return new Location(config, path);
  }

  /** Reads the config of a checkpoint directory or weights file. */
  public static ModelConfig readConfig(Path path) throws IOException {
    return ModelConfig.read(locate(path).config());
  }

  /** Loads a checkpoint onto {@code device}. */
  public static MemoryLM load(Path path, Device device) throws IOException {
    Location loc = locate(path);
    ModelConfig config = ModelConfig.read(loc.config());
    Weights w = readWeights(loc.weights(), config);
    return MemoryLM.fromValues(config, device, w.values(), w.memoryTokens());
  }

  /**
   * A checkpoint's checked contents.
   *
   * @param values every parameter by canonical name, F32
   * @param memoryTokens the token memory's ids (N * L, row-major), or null for a continuous bank
   */
  public record Weights(Map<String, float[]> values, int[] memoryTokens) {}

  /** Reads and checks the weights of a model shaped by {@code config}, by canonical name. */
  public static Weights readWeights(Path file, ModelConfig config) throws IOException {
    Map<String, TensorData> raw = readTensors(file);
    StateDictCheck.Builder check = StateDictCheck.builder();
    for (ParameterLayout.Entry e : MemoryLM.layout(config).entries().values()) {
      check.expect(e.name(), e.shape().getShape());
    }
    boolean tokens = config.memoryVariant() == MemoryVariant.TOKEN;
    if (tokens) {
      check.expect(
          MemoryLM.MEMORY_TOKENS,
          EnumSet.of(DType.I64, DType.I32),
          config.knowledgeNum(),
          config.tokenMemory().knowledgeLength());
    }
    check.tie(MemoryLM.OUTPUT, MemoryLM.EMBEDDING);
    Map<String, TensorData> checked = check.build().check(file, raw);
    Map<String, float[]> values = new LinkedHashMap<>();
    int[] memoryTokens = null;
    for (Map.Entry<String, TensorData> e : checked.entrySet()) {
      if (e.getKey().equals(MemoryLM.MEMORY_TOKENS)) {
        memoryTokens = tokenIds(file, e.getValue(), config.vocabSize());
      } else {
        values.put(e.getKey(), e.getValue().toFloats());
      }
    }
    return new Weights(values, memoryTokens);
  }

  private static int[] tokenIds(Path file, TensorData t, int vocab) throws CheckpointException {
    long[] ids = t.toLongs();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocab) {
        throw new CheckpointException(
            file,
            t.name(),
            "id " + ids[i] + " at " + i + " is outside the vocabulary [0, " + vocab + ")");
      }
      out[i] = (int) ids[i];
    }
    return out;
  }

  /** Reads every tensor of a {@code .safetensors} or {@code .pth} file. */
  public static Map<String, TensorData> readTensors(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".safetensors")) {
      return SafeTensors.read(file);
    }
    if (name.endsWith(".pth") || name.endsWith(".pt")) {
      return PthReader.read(file);
    }
    throw new CheckpointException(file, "expected a .safetensors or .pth file");
  }

  /**
   * Writes {@code config.json} and {@code model.safetensors} into {@code dir} (created if needed),
   * each atomically. Weights are stored under the seed's state_dict names, the tied pair under
   * both, in {@code dtype} (F32, or F16/BF16 to halve the size).
   */
  public static void save(MemoryLM model, Path dir, DType dtype, Map<String, String> metadata)
      throws IOException {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("weights must be saved as F32, F16 or BF16, not " + dtype);
    }
    Files.createDirectories(dir);
    writeConfig(model.config(), dir.resolve(CONFIG_FILE));
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    ParameterSet params = model.parameters();
    for (String name : params.names()) {
      long[] shape = params.shape(name).getShape();
      tensors.put(name, TensorData.ofFloats(name, shape, params.get(name).toFloatArray(), dtype));
    }
    TensorData embedding = tensors.get(MemoryLM.EMBEDDING);
    tensors.put(MemoryLM.OUTPUT, embedding.withName(MemoryLM.OUTPUT));
    if (model.tokenMemory().isPresent()) {
      TokenMemory tm = model.tokenMemory().get();
      int[] ids = tm.ids();
      long[] wide = new long[ids.length];
      for (int i = 0; i < ids.length; i++) {
        wide[i] = ids[i];
      }
      tensors.put(
          MemoryLM.MEMORY_TOKENS,
          TensorData.ofLongs(
              MemoryLM.MEMORY_TOKENS, new long[] {tm.slots(), tm.knowledgeLength()}, wide));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    meta.putAll(metadata);
    SafeTensors.write(dir.resolve(WEIGHTS_FILE), tensors, meta);
  }

  /** Writes a config file atomically (temporary file, then rename). */
  public static void writeConfig(ModelConfig config, Path file) throws IOException {
    AtomicFiles.writeString(file, config.toJson() + "\n");
  }
}
