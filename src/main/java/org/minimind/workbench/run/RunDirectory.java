package org.minimind.workbench.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.minimind.workbench.metrics.MetricsCsv;
import org.minimind.workbench.metrics.SlotCountsFile;
import org.minimind.workbench.metrics.SlotDriftFile;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.io.AtomicFiles;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.train.AdamW;
import org.minimind.workbench.train.StepMetrics;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.TrainerState;
import org.minimind.workbench.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run on disk, and the only class that knows its layout:
 *
 * <pre>
 *   run.json                manifest: model config, settings, tokenizer, corpus fingerprint, versions
 *   run.lock                held by the process writing the run ({@link RunLock})
 *   tokenizer.json          the tokenizer the run encodes with
 *   metrics.csv             one row per logged step ({@link MetricsCsv})
 *   slot_counts.bin         per-layer per-slot selection counts every few steps ({@link SlotCountsFile})
 *   slot_drift.bin          the latest per-slot memory change ({@link SlotDriftFile})
 *   slot-index.bin          beside a checkpoint's weights: what each slot was selected for over a
 *                           corpus ({@code --index-slots}; the slots package reads and writes it)
 *   checkpoints/step-NNNNNNNN/   config.json, model.safetensors, optimizer.safetensors,
 *                                tokenizer.json, trainer.json (written last: a checkpoint
 *                                without it is incomplete)
 *   checkpoints/best/            a copy of the checkpoint with the lowest validation loss
 * </pre>
 *
 * <p>Readers (the window, {@code --generate}, {@code --dump}) use the static methods; they take no
 * lock. A writer ({@link #create}, {@link #openForWriting}) holds the run's lock until {@link
 * #close()}, so a second writer is refused with the holder's process id.
 *
 * <p>Every change is made so that a process killed at any instruction leaves a run that opens and
 * resumes: a step checkpoint is written under a temporary name and renamed when complete; {@code
 * best} is replaced by renames whose every intermediate state {@link #openForWriting} completes
 * (see {@link #promoteBest}); rows and snapshots logged after the checkpoint a run resumes from are
 * dropped, so the curves continue without a seam.
 */
public final class RunDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

  private static final String MANIFEST = "run.json";
  private static final String LOCK = "run.lock";
  private static final String TOKENIZER = "tokenizer.json";
  private static final String METRICS = "metrics.csv";
  private static final String SLOT_COUNTS = "slot_counts.bin";
  private static final String SLOT_DRIFT = "slot_drift.bin";
  private static final String SLOT_INDEX = "slot-index.bin";
  private static final String CHECKPOINTS = "checkpoints";
  private static final String BEST = "best";
  private static final String OPTIMIZER = "optimizer.safetensors";
  private static final String TRAINER = "trainer.json";
  private static final String TMP = ".tmp-";
  private static final String OLD = ".old-";
  private static final String DAMAGED = ".damaged";

  private static final Gson GSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .serializeNulls()
          .serializeSpecialFloatingPointValues() // NaN: no validation loss yet
          .create();
  private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");

  /**
   * Points between the steps of a write; tests make the write fail there, as a kill would stop it.
   * {@link #NONE} outside tests.
   */
  interface Faults {
    Faults NONE = point -> {};

    void reached(String point) throws IOException;
  }

  private static volatile Faults faults = Faults.NONE;

  private final Path root;
  private final RunLock lock;
  private final List<String> notices = new ArrayList<>();

  private RunDirectory(Path root, RunLock lock) {
    this.root = root;
    this.lock = lock;
  }

  // ---------------------------------------------------------------- reading (no lock)

  /**
   * Whether {@code dir} is a run directory: it has a manifest, a checkpoints folder or metrics, and
   * no weights of its own (a checkpoint directory with metrics beside its weights, as the sample
   * model, is a checkpoint).
   */
  public static boolean isRun(Path dir) {
    return Files.isDirectory(dir)
        && !hasOwnWeights(dir)
        && (Files.isRegularFile(dir.resolve(MANIFEST))
            || Files.isDirectory(dir.resolve(CHECKPOINTS))
            || Files.isRegularFile(dir.resolve(METRICS)));
  }

  private static boolean hasOwnWeights(Path dir) {
    return Files.isRegularFile(dir.resolve(Checkpoint.WEIGHTS_FILE))
        || Files.isRegularFile(dir.resolve(Checkpoint.PTH_FILE));
  }

  /**
   * What a path given as a model ({@code --checkpoint}, the window's Open) loads: a run directory's
   * best checkpoint, else its latest; a checkpoint directory or a weights file ({@code
   * .safetensors}, {@code .pth}) as it is.
   *
   * @throws IOException for a run directory without a complete checkpoint
   */
  public static Path modelToLoad(Path path) throws IOException {
    if (!isRun(path)) {
      return path;
    }
    return checkpointToLoad(path)
        .orElseThrow(
            () ->
                new IOException(
                    path
                        + ": a run directory without a complete checkpoint yet (nothing to load)"));
  }

  /** A run directory's best checkpoint, else its latest complete one. */
  public static Optional<Path> checkpointToLoad(Path runDir) throws IOException {
    Optional<Path> best = bestCheckpoint(runDir);
    return best.isPresent() ? best : latestCheckpoint(runDir);
  }

  /** Complete step checkpoints of a run directory, oldest first. */
  public static List<Path> checkpoints(Path runDir) throws IOException {
    Path dir = runDir.resolve(CHECKPOINTS);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> STEP_DIR.matcher(p.getFileName().toString()).matches())
          .filter(RunDirectory::isComplete)
          .sorted(Comparator.comparingLong(RunDirectory::stepOfName))
          .toList();
    }
  }

  /** The most recent complete step checkpoint. */
  public static Optional<Path> latestCheckpoint(Path runDir) throws IOException {
    List<Path> all = checkpoints(runDir);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The best checkpoint by validation loss, when complete. */
  public static Optional<Path> bestCheckpoint(Path runDir) {
    Path best = runDir.resolve(CHECKPOINTS).resolve(BEST);
    return isComplete(best) ? Optional.of(best) : Optional.empty();
  }

  private static boolean isComplete(Path checkpoint) {
    return Files.isRegularFile(checkpoint.resolve(TRAINER));
  }

  private static long stepOfName(Path p) {
    Matcher m = STEP_DIR.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * The step a checkpoint (directory, or weights file inside one) was saved at, from its trainer
   * record; -1 when it has none (a checkpoint not written by a run) or it cannot be read.
   */
  public static long stepOf(Path checkpoint) {
    Path dir = Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
    if (dir == null || !isComplete(dir)) {
      return -1;
    }
    try {
      return readTrainerRecord(dir).step();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The metrics file of a run (or of a checkpoint directory that carries one). */
  public static Path metricsFile(Path dir) {
    return dir.resolve(METRICS);
  }

  /** The manifest of a run: its model config, settings, tokenizer and corpus. */
  public static Path manifestFile(Path dir) {
    return dir.resolve(MANIFEST);
  }

  public static Path slotCountsFile(Path dir) {
    return dir.resolve(SLOT_COUNTS);
  }

  public static Path slotDriftFile(Path dir) {
    return dir.resolve(SLOT_DRIFT);
  }

  /**
   * Where the slot index of a checkpoint is kept by default: beside its weights (in the checkpoint
   * directory, or the folder of a weights file), so that it goes when the checkpoint goes.
   */
  public static Path slotIndexFile(Path checkpoint) {
    Path dir = Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
    return dir.resolve(SLOT_INDEX);
  }

  /** The tokenizer a run (or a checkpoint directory) keeps beside its files. */
  public static Path tokenizerFile(Path dir) {
    return dir.resolve(TOKENIZER);
  }

  /**
   * The directory holding the manifest and records (metrics, slot counts, drift) of the run a
   * checkpoint belongs to: the checkpoint directory itself when it carries them (the sample model),
   * else the run whose {@code checkpoints} folder holds it; empty for a lone checkpoint.
   */
  public static Optional<Path> runOf(Path checkpoint) {
    Path dir =
        Files.isDirectory(checkpoint)
            ? checkpoint.toAbsolutePath()
            : checkpoint.toAbsolutePath().getParent();
    if (dir == null) {
      return Optional.empty();
    }
    if (isRun(dir)
        || Files.isRegularFile(dir.resolve(MANIFEST))
        || Files.isRegularFile(dir.resolve(SLOT_COUNTS))) {
      return Optional.of(dir);
    }
    Path parent = dir.getParent();
    if (parent != null
        && parent.getFileName() != null
        && parent.getFileName().toString().equals(CHECKPOINTS)
        && isRun(parent.getParent())) {
      return Optional.of(parent.getParent());
    }
    return Optional.empty();
  }

  /**
   * The corpus a run was trained on, as its manifest recorded it.
   *
   * @param path where the corpus was read from (it may since have moved)
   * @param validationFraction the share of documents held out
   * @param seed the seed of the split
   * @param sha256 the corpus fingerprint's hash
   */
  public record CorpusRecord(Path path, double validationFraction, long seed, String sha256) {}

  /** The corpus in a run's manifest ({@code dir} holds {@code run.json}). */
  public static CorpusRecord readCorpusRecord(Path dir) throws IOException {
    Path f = dir.resolve(MANIFEST);
    try {
      JsonObject m = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
      JsonObject c = m.getAsJsonObject("corpus");
      long seed =
          m.has("seed")
              ? m.get("seed").getAsLong()
              : m.getAsJsonObject("settings").get("seed").getAsLong();
      return new CorpusRecord(
          Path.of(c.get("path").getAsString()),
          c.get("validation_fraction").getAsDouble(),
          seed,
          c.getAsJsonObject("fingerprint").get("sha256").getAsString());
    } catch (RuntimeException e) {
      throw new IOException(f + ": no readable corpus record (" + e.getMessage() + ")", e);
    }
  }

  /** The name a metrics table is exported under by default: the run's own. */
  public static String metricsFileName() {
    return METRICS;
  }

  public static TrainerRecord readTrainerRecord(Path checkpoint) throws IOException {
    Path f = checkpoint.resolve(TRAINER);
    try {
      TrainerRecord r = GSON.fromJson(Files.readString(f), TrainerRecord.class);
      if (r == null
          || r.settings() == null
          || r.dataPosition() == null
          || r.optimizerSteps() == null) {
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
    OptimizerMoments.restore(
        checkpoint.resolve(OPTIMIZER), readTrainerRecord(checkpoint), optimizer, model);
  }

  // ---------------------------------------------------------------- writing (under the lock)

  /**
   * Starts a new run in {@code dir} (created if needed) with its manifest and a copy of the
   * tokenizer, and holds its lock. A directory holding a run with a complete checkpoint is refused;
   * one holding a run that never completed a checkpoint (killed, failed or refused before its
   * first) is started again in place, and {@link #notices()} says so.
   */
  public static RunDirectory create(Path dir, Map<String, Object> manifest, Path tokenizer)
      throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory (the run directory to create)");
    }
    if (hasOwnWeights(dir)) {
      throw new IOException(
          dir
              + ": holds a checkpoint ("
              + Checkpoint.WEIGHTS_FILE
              + "), not a run; use another --out");
    }
    Files.createDirectories(dir);
    RunDirectory run = new RunDirectory(dir, RunLock.acquire(dir.resolve(LOCK), dir));
    try {
      if (isRun(dir)) {
        run.recover();
        Optional<Path> done = checkpointToLoad(dir);
        if (done.isPresent()) {
          throw new IOException(
              dir
                  + ": already holds a training run with a checkpoint at step "
                  + stepOf(done.get())
                  + " (use --resume to continue it, or another --out)");
        }
        run.clear();
        run.notice(dir + ": holds a run that never completed a checkpoint; starting it again");
      }
      Files.createDirectories(dir.resolve(CHECKPOINTS));
      writeJsonAtomically(dir.resolve(MANIFEST), manifest);
      if (tokenizer != null) {
        copyAtomically(tokenizer, dir.resolve(TOKENIZER));
      }
      return run;
    } catch (IOException | RuntimeException e) {
      run.close();
      throw e;
    }
  }

  /**
   * Opens an existing run to continue it, holding its lock, and completes whatever a killed writer
   * left half done: a replacement of {@code best} is finished or undone, half-written checkpoints
   * are removed.
   */
  public static RunDirectory openForWriting(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": no such run directory");
    }
    if (!isRun(dir)) {
      throw new IOException(
          dir
              + (hasOwnWeights(dir)
                  ? ": a checkpoint directory, not a training run"
                  : ": not a training run (no " + MANIFEST + ")"));
    }
    RunDirectory run = new RunDirectory(dir, RunLock.acquire(dir.resolve(LOCK), dir));
    try {
      run.recover();
      return run;
    } catch (IOException | RuntimeException e) {
      run.close();
      throw e;
    }
  }

  public Path root() {
    return root;
  }

  public Path tokenizerFile() {
    return tokenizerFile(root);
  }

  /** The manifest written when the run was created. */
  public JsonObject manifest() throws IOException {
    return readManifest(root);
  }

  /** The manifest in {@code dir} (a run, or a checkpoint directory that carries one). */
  public static JsonObject readManifest(Path dir) throws IOException {
    Path f = dir.resolve(MANIFEST);
    try {
      return JsonParser.parseString(Files.readString(f)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IOException(f + ": unreadable run manifest (" + e.getMessage() + ")", e);
    }
  }

  /**
   * What a resume may start from, most recent first: the complete step checkpoints, then {@code
   * best} when no step checkpoint of its step is left (pruned).
   */
  public List<Path> resumeCandidates() throws IOException {
    List<Path> out = new ArrayList<>(checkpoints(root));
    Collections.reverse(out);
    Optional<Path> best = bestCheckpoint(root);
    if (best.isPresent()) {
      long step = stepOf(best.get());
      if (out.stream().noneMatch(p -> stepOfName(p) == step)) {
        out.add(best.get());
      }
    }
    return out;
  }

  /**
   * Sets a damaged step checkpoint aside ({@code step-N.damaged}), so that the run writes a new one
   * when it reaches that step again and nothing loads it by mistake.
   */
  public void setAside(Path checkpoint) throws IOException {
    if (!STEP_DIR.matcher(checkpoint.getFileName().toString()).matches()) {
      return;
    }
    Path target = checkpoint.resolveSibling(checkpoint.getFileName() + DAMAGED);
    deleteTree(target);
    Files.move(checkpoint, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Drops what was logged after {@code step} (rows, count snapshots): a resume continues there. */
  public void rewindTo(long step) throws IOException {
    MetricsCsv.truncateAfter(metricsFile(root), step);
    SlotCountsFile.truncateAfter(slotCountsFile(root), step);
  }

  /** Saves a checkpoint of the state (and, when {@code best}, makes it the best one). */
  public Path save(TrainerState state, TrainSettings settings, DType dtype, boolean best)
      throws IOException {
    String name = String.format("step-%08d", state.step());
    Path dir = root.resolve(CHECKPOINTS);
    Path target = dir.resolve(name);
    if (!isComplete(target)) { // already complete when a stop comes right after a checkpoint
      deleteTree(target);
      writeCheckpoint(state, settings, dtype, dir.resolve(TMP + name), target);
    }
    if (best) {
      promoteBest(target);
    }
    prune(settings.keepLast());
    return target;
  }

  private void writeCheckpoint(
      TrainerState state, TrainSettings settings, DType dtype, Path tmp, Path target)
      throws IOException {
    deleteTree(tmp);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("step", Long.toString(state.step()));
    Checkpoint.save(state.model(), tmp, dtype, meta);
    AdamW opt = state.optimizer();
    OptimizerMoments.write(tmp.resolve(OPTIMIZER), opt, state.step());
    if (Files.isRegularFile(tokenizerFile())) {
      copyAtomically(tokenizerFile(), tmp.resolve(TOKENIZER));
    }
    TrainerRecord record =
        new TrainerRecord(
            state.step(),
            state.tokensSeen(),
            state.bestValLoss(),
            state.lastValLoss(),
            state.data().position(),
            settings,
            new LinkedHashMap<>(opt.steps()),
            state.elapsedSeconds());
    writeJsonAtomically(tmp.resolve(TRAINER), record);
    faults.reached("checkpoint-written");
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Makes {@code source} the best checkpoint. A directory cannot be replaced in one rename, so:
   * copy to {@code .tmp-best} (trainer record last), rename {@code best} to {@code .old-best},
   * rename {@code .tmp-best} to {@code best}, delete {@code .old-best}. A kill between any two
   * steps leaves either {@code best}, or a complete {@code .tmp-best} (the new best), or {@code
   * .old-best} (the previous one): {@link #recoverBest} renames the right one back.
   */
  void promoteBest(Path source) throws IOException {
    recoverBest();
    Path dir = root.resolve(CHECKPOINTS);
    Path tmp = dir.resolve(TMP + BEST);
    Path old = dir.resolve(OLD + BEST);
    Path best = dir.resolve(BEST);
    copyCheckpoint(source, tmp);
    faults.reached("best-copied");
    if (Files.exists(best)) {
      Files.move(best, old, StandardCopyOption.ATOMIC_MOVE);
      faults.reached("best-retired");
    }
    Files.move(tmp, best, StandardCopyOption.ATOMIC_MOVE);
    faults.reached("best-promoted");
    deleteTree(old);
  }

  /**
   * Completes or undoes an interrupted {@link #promoteBest}: afterwards only {@code best} is left.
   */
  private void recoverBest() throws IOException {
    Path dir = root.resolve(CHECKPOINTS);
    Path tmp = dir.resolve(TMP + BEST);
    Path old = dir.resolve(OLD + BEST);
    Path best = dir.resolve(BEST);
    if (!Files.exists(best)) {
      if (isComplete(tmp)) { // killed after retiring the old best: the copy is whole
        Files.move(tmp, best, StandardCopyOption.ATOMIC_MOVE);
        notice(best + " restored from the replacement a killed process left complete");
      } else if (Files.exists(old)) {
        Files.move(old, best, StandardCopyOption.ATOMIC_MOVE);
        notice(best + " restored from the previous best a killed process left aside");
      }
    }
    deleteTree(tmp);
    deleteTree(old);
  }

  /** Everything a killed writer may have left half done. */
  private void recover() throws IOException {
    recoverBest();
    Path dir = root.resolve(CHECKPOINTS);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP)).toList()) {
          deleteTree(p);
        }
      }
    }
  }

  /** Removes the files of a run that never completed a checkpoint (the lock stays). */
  private void clear() throws IOException {
    for (String f : List.of(MANIFEST, TOKENIZER, METRICS, SLOT_COUNTS, SLOT_DRIFT)) {
      Files.deleteIfExists(root.resolve(f));
    }
    deleteTree(root.resolve(CHECKPOINTS));
  }

  /** Keeps the newest {@code keepLast} step checkpoints. */
  private void prune(int keepLast) throws IOException {
    List<Path> all = checkpoints(root);
    for (int i = 0; i < all.size() - keepLast; i++) {
      deleteTree(all.get(i)); // the trainer record goes first: never a complete-looking half
    }
  }

  /** A listener that records every logged step, count snapshot and drift histogram here. */
  public TrainingListener recorder(int layers) {
    return new TrainingListener() {
      @Override
      public void onStep(StepMetrics metrics) {
        io(() -> MetricsCsv.append(metricsFile(root), List.of(metrics), layers));
      }

      @Override
      public void onSlotCounts(long step, List<int[]> countsPerLayer) {
        io(() -> SlotCountsFile.append(slotCountsFile(root), step, countsPerLayer));
      }

      @Override
      public void onSlotDrift(long step, float[] perSlotL2Change) {
        io(() -> SlotDriftFile.write(slotDriftFile(root), step, perSlotL2Change));
      }
    };
  }

  /** What was found and repaired or replaced when the run was opened, one line each. */
  public List<String> notices() {
    return List.copyOf(notices);
  }

  private void notice(String line) {
    LOG.warn(line);
    notices.add(line);
  }

  /** Releases the run's lock. */
  @Override
  public void close() throws IOException {
    lock.close();
  }

  static void setFaults(Faults f) {
    faults = f == null ? Faults.NONE : f;
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

  private static void writeJsonAtomically(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
  }

  private static void copyAtomically(Path from, Path to) throws IOException {
    AtomicFiles.write(
        to,
        out -> {
          try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
              done += in.transferTo(done, size - done, out);
            }
          }
        });
  }

  /**
   * Copies a checkpoint's files, the trainer record last: the copy is complete once it is there.
   */
  private static void copyCheckpoint(Path from, Path to) throws IOException {
    deleteTree(to);
    Files.createDirectories(to);
    List<Path> files;
    try (Stream<Path> s = Files.list(from)) {
      files =
          s.sorted(Comparator.comparing((Path p) -> p.getFileName().toString().equals(TRAINER)))
              .toList();
    }
    for (Path p : files) {
      copyAtomically(p, to.resolve(p.getFileName()));
    }
  }

  private static void deleteTree(Path p) throws IOException {
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
