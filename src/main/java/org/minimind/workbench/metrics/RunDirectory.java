package org.minimind.workbench.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.io.AtomicFiles;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.model.io.SafeTensors;
import org.minimind.workbench.model.io.TensorData;
import org.minimind.workbench.train.AdamW;
import org.minimind.workbench.train.StepMetrics;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.TrainerState;
import org.minimind.workbench.train.TrainingListener;

/**
 * A training run on disk:
 *
 * <pre>
 *   run.json                manifest: model config, settings, tokenizer, corpus fingerprint, versions
 *   tokenizer.json          the tokenizer the run encodes with
 *   metrics.csv             one row per logged step ({@link MetricsCsv})
 *   slot_counts.bin         per-layer per-slot selection counts every few steps ({@link SlotCountsFile})
 *   slot_drift.bin          the latest per-slot memory change ({@link SlotDriftFile})
 *   checkpoints/step-NNNNNNNN/   config.json, model.safetensors, optimizer.safetensors,
 *                                trainer.json, tokenizer.json
 *   checkpoints/best/            the checkpoint with the lowest validation loss
 * </pre>
 *
 * A checkpoint directory is written under a temporary name and renamed when complete, so a run
 * killed at any moment resumes from its last complete checkpoint; the rows and snapshots logged
 * after that checkpoint are dropped on resume, so the curves continue without a seam.
 */
public final class RunDirectory {
  public static final String MANIFEST = "run.json";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String METRICS = "metrics.csv";
  public static final String SLOT_COUNTS = "slot_counts.bin";
  public static final String SLOT_DRIFT = "slot_drift.bin";
  public static final String CHECKPOINTS = "checkpoints";
  public static final String BEST = "best";
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String TRAINER = "trainer.json";

  private static final Gson GSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .serializeNulls()
          .serializeSpecialFloatingPointValues() // NaN: no validation loss yet
          .create();
  private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");

  private final Path root;
  private final int keepLast;

  private RunDirectory(Path root, int keepLast) {
    this.root = root;
    this.keepLast = keepLast;
  }

  /** Whether {@code dir} looks like a run directory. */
  public static boolean isRun(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST)) || Files.isRegularFile(dir.resolve(METRICS));
  }

  /**
   * Starts a new run in {@code dir} (created if needed; it must not already hold a run) with its
   * manifest and a copy of the tokenizer.
   */
  public static RunDirectory create(
      Path dir, Map<String, Object> manifest, Path tokenizer, int keepLast) throws IOException {
    if (isRun(dir)) {
      throw new IOException(
          dir + ": already holds a training run (use --resume to continue it, or another --out)");
    }
    Files.createDirectories(dir.resolve(CHECKPOINTS));
    RunDirectory run = new RunDirectory(dir, keepLast);
    writeJsonAtomically(dir.resolve(MANIFEST), manifest);
    if (tokenizer != null) {
      Files.copy(tokenizer, dir.resolve(TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
    }
    return run;
  }

  /** Opens an existing run to resume or to read. */
  public static RunDirectory open(Path dir, int keepLast) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": no such run directory");
    }
    if (!isRun(dir)) {
      throw new IOException(dir + ": not a training run (no " + MANIFEST + " or " + METRICS + ")");
    }
    return new RunDirectory(dir, keepLast);
  }

  public Path root() {
    return root;
  }

  public Path metricsFile() {
    return root.resolve(METRICS);
  }

  public Path slotCountsFile() {
    return root.resolve(SLOT_COUNTS);
  }

  public Path slotDriftFile() {
    return root.resolve(SLOT_DRIFT);
  }

  public Path tokenizerFile() {
    return root.resolve(TOKENIZER);
  }

  /** The manifest written when the run was created. */
  public JsonObject manifest() throws IOException {
    return JsonParser.parseString(Files.readString(root.resolve(MANIFEST))).getAsJsonObject();
  }

  /** Complete step checkpoints, oldest first. */
  public List<Path> checkpoints() throws IOException {
    Path dir = root.resolve(CHECKPOINTS);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> STEP_DIR.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve(TRAINER)))
          .sorted(Comparator.comparingLong(RunDirectory::stepOf))
          .toList();
    }
  }

  /** The most recent complete checkpoint. */
  public Optional<Path> latestCheckpoint() throws IOException {
    List<Path> all = checkpoints();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The best checkpoint by validation loss. */
  public Optional<Path> bestCheckpoint() {
    Path best = root.resolve(CHECKPOINTS).resolve(BEST);
    return Files.isRegularFile(best.resolve(TRAINER)) ? Optional.of(best) : Optional.empty();
  }

  private static long stepOf(Path p) {
    Matcher m = STEP_DIR.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** What a checkpoint's {@code trainer.json} records. */
  public record TrainerRecord(
      long step,
      long tokensSeen,
      double bestValLoss,
      double valLoss,
      String dataPosition,
      TrainSettings settings,
      Map<String, Long> optimizerSteps,
      double elapsedSeconds) {}

  public static TrainerRecord readTrainerRecord(Path checkpoint) throws IOException {
    Path f = checkpoint.resolve(TRAINER);
    try {
      TrainerRecord r = GSON.fromJson(Files.readString(f), TrainerRecord.class);
      if (r == null || r.settings() == null || r.dataPosition() == null) {
        throw new IOException(f + ": incomplete trainer record");
      }
      return r;
    } catch (RuntimeException e) {
      throw new IOException(f + ": unreadable trainer record (" + e.getMessage() + ")", e);
    }
  }

  /** Restores the optimizer moments saved beside a checkpoint. */
  public static void restoreOptimizer(Path checkpoint, AdamW optimizer, MemoryLM model)
      throws IOException {
    TrainerRecord record = readTrainerRecord(checkpoint);
    Map<String, TensorData> state = SafeTensors.read(checkpoint.resolve(OPTIMIZER));
    for (Map.Entry<String, Long> e : record.optimizerSteps().entrySet()) {
      String name = e.getKey();
      TensorData m = state.get("exp_avg." + name);
      TensorData v = state.get("exp_avg_sq." + name);
      if (m == null || v == null) {
        throw new IOException(
            checkpoint.resolve(OPTIMIZER) + ": no optimizer state for '" + name + "'");
      }
      optimizer.restore(
          name, m.toFloats(), v.toFloats(), e.getValue(), model.parameters().shape(name));
    }
  }

  /**
   * Drops what was logged after {@code step} (rows, count snapshots) and half-written checkpoint
   * directories: the state a resume from that step continues.
   */
  public void rewindTo(long step) throws IOException {
    MetricsCsv.truncateAfter(metricsFile(), step);
    SlotCountsFile.truncateAfter(slotCountsFile(), step);
    Path dir = root.resolve(CHECKPOINTS);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
          deleteTree(p);
        }
      }
    }
  }

  /** Saves a checkpoint of the state (and, when {@code best}, the best one). */
  public Path save(TrainerState state, TrainSettings settings, DType dtype, boolean best)
      throws IOException {
    String name = String.format("step-%08d", state.step());
    Path dir = root.resolve(CHECKPOINTS);
    Path target = dir.resolve(name);
    if (!Files.isDirectory(target)) {
      writeCheckpoint(state, settings, dtype, dir.resolve(".tmp-" + name), target);
    }
    if (best) {
      Path tmp = dir.resolve(".tmp-" + BEST);
      deleteTree(tmp);
      copyTree(target, tmp);
      Path old = dir.resolve(".old-" + BEST);
      deleteTree(old);
      Path current = dir.resolve(BEST);
      if (Files.exists(current)) {
        Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    }
    prune();
    return target;
  }

  private void writeCheckpoint(
      TrainerState state, TrainSettings settings, DType dtype, Path tmp, Path target)
      throws IOException {
    deleteTree(tmp);
    MemoryLM model = state.model();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("step", Long.toString(state.step()));
    Checkpoint.save(model, tmp, dtype, meta);
    AdamW opt = state.optimizer();
    Map<String, TensorData> moments = new LinkedHashMap<>();
    for (Map.Entry<String, ai.djl.ndarray.NDArray> e : opt.expAvg().entrySet()) {
      long[] shape = e.getValue().getShape().getShape();
      String n = e.getKey();
      moments.put("exp_avg." + n,
          TensorData.ofFloats("exp_avg." + n, shape, e.getValue().toFloatArray(), DType.F32));
      moments.put("exp_avg_sq." + n,
          TensorData.ofFloats("exp_avg_sq." + n, shape, opt.expAvgSq().get(n).toFloatArray(), DType.F32));
    }
    SafeTensors.write(tmp.resolve(OPTIMIZER), moments, Map.of("step", Long.toString(state.step())));
    if (Files.isRegularFile(tokenizerFile())) {
      Files.copy(tokenizerFile(), tmp.resolve(TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
    }
    TrainerRecord record =
        new TrainerRecord(
            state.step(), state.tokensSeen(), state.bestValLoss(), state.lastValLoss(),
            state.data().position(), settings, new LinkedHashMap<>(opt.steps()),
            state.elapsedSeconds());
    writeJsonAtomically(tmp.resolve(TRAINER), record);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Keeps the newest {@code keepLast} step checkpoints. */
  private void prune() throws IOException {
    List<Path> all = checkpoints();
    for (int i = 0; i < all.size() - keepLast; i++) {
      deleteTree(all.get(i));
    }
  }

  /** A listener that records every logged step, count snapshot and drift histogram here. */
  public TrainingListener recorder(int layers) {
    return new TrainingListener() {
      @Override
      public void onStep(StepMetrics metrics) {
        io(() -> MetricsCsv.append(metricsFile(), List.of(metrics), layers));
      }

      @Override
      public void onSlotCounts(long step, List<int[]> countsPerLayer) {
        io(() -> SlotCountsFile.append(slotCountsFile(), step, countsPerLayer));
      }

      @Override
      public void onSlotDrift(long step, float[] perSlotL2Change) {
        io(() -> SlotDriftFile.write(slotDriftFile(), step, perSlotL2Change));
      }
    };
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void io(IoAction a) {
    try {
      a.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeJsonAtomically(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      List<Path> all = new ArrayList<>(s.toList());
      all.sort(Comparator.reverseOrder());
      for (Path q : all) {
        Files.deleteIfExists(q);
      }
    }
  }

}
