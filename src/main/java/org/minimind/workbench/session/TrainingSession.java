package org.minimind.workbench.session;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.minimind.workbench.data.Corpus;
import org.minimind.workbench.data.CorpusFingerprint;
import org.minimind.workbench.data.PackedCorpus;
import org.minimind.workbench.data.PackedSequences;
import org.minimind.workbench.data.SequencePacker;
import org.minimind.workbench.data.SplitConfig;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.run.TrainerRecord;
import org.minimind.workbench.train.AdamW;
import org.minimind.workbench.train.CorpusTrainingData;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run assembled and ready: the corpus packed with the run's tokenizer, the model (new or
 * restored from the run's newest intact checkpoint), the optimizer, and a {@link Trainer} that
 * records into the run directory ({@link RunDirectory#recorder}) and checkpoints there. The session
 * holds the run directory's lock; close it to free the model and release the lock.
 */
public final class TrainingSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);

  private final Trainer trainer;
  private final RunDirectory run;
  private final MemoryLM model;
  private final AdamW optimizer;
  private final List<String> notices;
  private final String lengthChange;

  private TrainingSession(
      Trainer trainer,
      RunDirectory run,
      MemoryLM model,
      AdamW optimizer,
      List<String> notices,
      String lengthChange) {
    this.trainer = trainer;
    this.run = run;
    this.model = model;
    this.optimizer = optimizer;
    this.notices = List.copyOf(notices);
    this.lengthChange = lengthChange;
  }

  /**
   * When a resumed run was given another length: one line saying what that does to the learning
   * rate (the schedule stays the run's own, see {@link TrainSettings#withLengthKeepingSchedule}).
   */
  public Optional<String> lengthChange() {
    return Optional.ofNullable(lengthChange);
  }

  public Trainer trainer() {
    return trainer;
  }

  public RunDirectory run() {
    return run;
  }

  public MemoryLM model() {
    return model;
  }

  /**
   * What was found and dealt with when the run was opened (a run started again, a damaged
   * checkpoint skipped, an interrupted promotion of {@code best} completed), one line each; each is
   * also logged.
   */
  public List<String> notices() {
    return notices;
  }

  /**
   * Creates the run directory and a freshly initialised model. The inputs (tokenizer, corpus, batch
   * size) are all checked before anything is written into the run directory.
   */
  public static TrainingSession start(NewRun r) throws IOException {
    BpeTokenizer tokenizer = BpeTokenizer.load(r.tokenizer());
    ModelConfig config = r.config().withVocabSize(tokenizer.vocabSize());
    TrainSettings settings = r.settings();
    long seed = settings.seed();
    PackedCorpus packed =
        pack(
            r.corpus(),
            tokenizer,
            new SplitConfig(r.validationFraction(), seed),
            config.maxSeqLen());
    CorpusTrainingData data = new CorpusTrainingData(packed, settings.batchSize(), seed);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", "minimind-workbench-run/1");
    manifest.put("created", Instant.now().toString());
    manifest.put("preset", r.presetName());
    manifest.put("config", config.toSeedMap());
    manifest.put("settings", settings);
    manifest.put("save_dtype", r.saveDtype().safetensorsName());
    manifest.put("seed", seed);
    Map<String, Object> corpus = new LinkedHashMap<>();
    corpus.put("path", r.corpus().toAbsolutePath().normalize().toString());
    corpus.put("fingerprint", packed.fingerprint());
    corpus.put("validation_fraction", r.validationFraction());
    corpus.put("train_sequences", packed.train().size());
    corpus.put("validation_sequences", packed.validation().size());
    manifest.put("corpus", corpus);
    manifest.put(
        "tokenizer",
        Map.of(
            "source", r.tokenizer().toAbsolutePath().normalize().toString(),
            "vocab_size", tokenizer.vocabSize()));
    manifest.put("versions", Versions.all());
    manifest.put("device", r.device().toString());
    RunDirectory run = RunDirectory.create(r.out(), manifest, r.tokenizer());
    MemoryLM model = null;
    AdamW optimizer = null;
    try {
      model = MemoryLM.initialize(config, r.device(), seed);
      if (model.tokenMemory().isPresent()) {
        model.tokenMemory().get().initializeFromWindows(tokensOf(packed.train()), seed);
      }
      optimizer = new AdamW(model.parameters().manager(), settings.optimizer());
      TrainerState state = new TrainerState(model, optimizer, data);
      Trainer trainer = assemble(settings, state, run, r.saveDtype(), config);
      return new TrainingSession(trainer, run, model, optimizer, run.notices(), null);
    } catch (RuntimeException e) {
      closeAll(optimizer, model, run, e);
      throw e;
    }
  }

  /**
   * Reopens a run at its newest intact checkpoint, holding the run's lock. A newer checkpoint that
   * cannot be loaded (weights, optimizer state or trainer record) is set aside and the session's
   * {@link #notices()} say so.
   */
  public static TrainingSession resume(ResumeRun r) throws IOException {
    RunDirectory run = RunDirectory.openForWriting(r.out());
    try {
      return resume(r, run, restoreNewestIntact(run, r.device()));
    } catch (IOException | RuntimeException e) {
      closeAll(null, null, run, e);
      throw e;
    }
  }

  /**
   * The model and optimizer of a run's newest checkpoint that loads.
   *
   * @param damaged the newer checkpoints that did not load
   * @param problem why the newest of them did not, or null
   */
  private record Restored(
      Path checkpoint,
      TrainerRecord record,
      MemoryLM model,
      AdamW optimizer,
      List<Path> damaged,
      IOException problem) {}

  private static Restored restoreNewestIntact(RunDirectory run, Device device) throws IOException {
    List<Path> candidates = run.resumeCandidates();
    if (candidates.isEmpty()) {
      throw new IOException(
          run.root()
              + ": no complete checkpoint to resume from (the run never completed one);"
              + " --train without --resume starts it again in place");
    }
    List<Path> damaged = new ArrayList<>();
    IOException problem = null;
    for (Path candidate : candidates) {
      MemoryLM model = null;
      AdamW optimizer = null;
      try {
        TrainerRecord record = RunDirectory.readTrainerRecord(candidate);
        model = Checkpoint.load(candidate, device);
        optimizer = new AdamW(model.parameters().manager(), record.settings().optimizer());
        RunDirectory.restoreOptimizer(candidate, optimizer, model);
        return new Restored(candidate, record, model, optimizer, damaged, problem);
      } catch (IOException | RuntimeException e) {
        closeQuietly(optimizer, model);
        damaged.add(candidate);
        if (problem == null) {
          problem = new IOException(candidate + ": damaged checkpoint (" + e.getMessage() + ")", e);
        }
      }
    }
    throw new IOException(
        run.root() + ": no intact checkpoint to resume from; the newest: " + problem.getMessage(),
        problem);
  }

  private static TrainingSession resume(ResumeRun r, RunDirectory run, Restored restored)
      throws IOException {
    Path dir = r.out();
    Path checkpoint = restored.checkpoint();
    TrainerRecord record = restored.record();
    MemoryLM model = restored.model();
    AdamW optimizer = restored.optimizer();
    List<String> notices = new ArrayList<>(run.notices());
    JsonObject manifest = run.manifest();
    TrainSettings s = record.settings();
    TrainSettings settings =
        (r.maxSteps() != null ? s.withLengthKeepingSchedule(r.maxSteps()) : s)
            .withTimeBudgetSeconds(r.timeBudgetSeconds() != null ? r.timeBudgetSeconds() : 0);
    if (record.step() >= settings.maxSteps()) {
      throw new IllegalArgumentException(
          dir
              + " already reached step "
              + record.step()
              + " of "
              + settings.maxSteps()
              + "; pass a larger --max-steps to train further");
    }
    BpeTokenizer tokenizer = BpeTokenizer.load(run.tokenizerFile());
    PackedCorpus packed =
        packRecorded(
            RunDirectory.readCorpusRecord(dir), tokenizer, r.corpus(), model.config().maxSeqLen());
    CorpusTrainingData data = new CorpusTrainingData(packed, s.batchSize(), s.seed());
    data.restore(record.dataPosition());
    TrainerState state = new TrainerState(model, optimizer, data);
    state.restoreCounters(
        record.step(), record.tokensSeen(), record.bestValLoss(), record.elapsedSeconds());
    if (!restored.damaged().isEmpty()) {
      for (Path d : restored.damaged()) {
        run.setAside(d);
      }
      String line =
          restored.problem().getMessage()
              + "; resuming from "
              + checkpoint.getFileName()
              + " (step "
              + record.step()
              + "), the newest intact checkpoint; the damaged one"
              + (restored.damaged().size() > 1 ? "s are" : " is")
              + " kept with the suffix .damaged";
      LOG.warn(line);
      notices.add(line);
    }
    run.rewindTo(record.step());
    LOG.info("resuming {} from step {}", dir, record.step());
    DType dtype =
        DType.fromSafetensorsName(manifest.get("save_dtype").getAsString()).orElse(DType.F32);
    Trainer trainer = assemble(settings, state, run, dtype, model.config());
    return new TrainingSession(
        trainer, run, model, optimizer, notices, lengthChange(s, settings, record.step()));
  }

  private static void closeQuietly(AdamW optimizer, MemoryLM model) {
    if (optimizer != null) {
      optimizer.close();
    }
    if (model != null) {
      model.close();
    }
  }

  /** Frees what a failed start or resume built and releases the run's lock. */
  private static void closeAll(AdamW optimizer, MemoryLM model, RunDirectory run, Exception cause) {
    closeQuietly(optimizer, model);
    try {
      run.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private static String lengthChange(TrainSettings before, TrainSettings after, long step) {
    long from = before.maxSteps();
    long to = after.maxSteps();
    if (from == to) {
      return null;
    }
    long cosine = after.scheduleSteps();
    double floor = after.lr() / 10;
    if (to < from) {
      return String.format(
          Locale.ROOT,
          "shortening the run from %d to %d steps: the learning rate keeps its schedule (a cosine"
              + " over %d steps), so the run ends at lr %.2e, not at lr/10 = %.2e",
          from,
          to,
          cosine,
          after.schedule().at(to - 1),
          floor);
    }
    if (step >= cosine) {
      return String.format(
          Locale.ROOT,
          "extending the run from %d to %d steps: the learning rate keeps its schedule, whose"
              + " cosine ended at step %d; steps %d-%d train at its floor, lr/10 = %.2e",
          from,
          to,
          cosine,
          step + 1,
          to,
          floor);
    }
    return String.format(
        Locale.ROOT,
        "extending the run from %d to %d steps: the learning rate keeps its schedule, the cosine"
            + " down to lr/10 = %.2e at step %d, then stays at lr/10 to step %d",
        from,
        to,
        floor,
        cosine,
        to);
  }

  private static Trainer assemble(
      TrainSettings settings,
      TrainerState state,
      RunDirectory run,
      DType dtype,
      ModelConfig config) {
    Trainer trainer =
        new Trainer(settings, state, (st, best) -> run.save(st, settings, dtype, best));
    trainer.addListener(run.recorder(config.nLayers()));
    return trainer;
  }

  /**
   * The corpus a run's manifest records, read with the tokenizer beside it and split and packed as
   * the run's training did (its validation fraction and seed), for measuring a model on the run's
   * own validation split.
   *
   * @param dir a run directory, or a checkpoint directory that carries its run's manifest
   * @param corpusOverride the corpus at another path (checked against the recorded fingerprint), or
   *     null for the recorded path
   * @return empty when {@code dir} has no manifest recording a corpus
   */
  public static Optional<RecordedCorpus> recordedCorpus(Path dir, Path corpusOverride, int seqLen)
      throws IOException {
    if (!Files.isRegularFile(RunDirectory.manifestFile(dir))) {
      return Optional.empty();
    }
    JsonObject manifest = RunDirectory.readManifest(dir);
    if (!manifest.has("corpus")) {
      return Optional.empty();
    }
    RunDirectory.CorpusRecord record = RunDirectory.readCorpusRecord(dir);
    BpeTokenizer tokenizer = BpeTokenizer.load(RunDirectory.tokenizerFile(dir));
    return Optional.of(
        new RecordedCorpus(
            packRecorded(record, tokenizer, corpusOverride, seqLen), tokenizer, record.seed()));
  }

  /** A run's corpus as its training packed it, with the run's tokenizer and split seed. */
  public record RecordedCorpus(PackedCorpus packed, BpeTokenizer tokenizer, long seed) {}

  /** The recorded corpus (or {@code corpusOverride}), split as recorded and checked. */
  private static PackedCorpus packRecorded(
      RunDirectory.CorpusRecord record, BpeTokenizer tokenizer, Path corpusOverride, int seqLen)
      throws IOException {
    Path corpusPath = corpusOverride != null ? corpusOverride : record.path();
    SplitConfig split = new SplitConfig(record.validationFraction(), record.seed());
    PackedCorpus packed = pack(corpusPath, tokenizer, split, seqLen);
    if (!packed.fingerprint().sha256().equals(record.sha256())) {
      throw new IOException(
          corpusPath
              + ": not the corpus this run was trained on (fingerprint "
              + packed.fingerprint().sha256()
              + ", the run recorded "
              + record.sha256()
              + ")");
    }
    return packed;
  }

  /** Reads, splits and packs a corpus into sequences of {@code seqLen + 1} tokens. */
  public static PackedCorpus pack(
      Path corpusPath, BpeTokenizer tokenizer, SplitConfig split, int seqLen) throws IOException {
    Corpus corpus = Corpus.open(corpusPath);
    SequencePacker packer =
        new SequencePacker(tokenizer::encode, BpeTokenizer.BOS_ID, BpeTokenizer.EOS_ID);
    long t0 = System.nanoTime();
    PackedCorpus packed = PackedCorpus.build(corpus, split, packer, seqLen);
    CorpusFingerprint f = packed.fingerprint();
    LOG.info(
        "corpus {}: {} documents, {} MB, {} training and {} validation sequences of {} tokens ({} s)",
        corpusPath,
        f.documents(),
        String.format(Locale.ROOT, "%.1f", f.bytes() / 1e6),
        packed.train().size(),
        packed.validation().size(),
        seqLen,
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
    return packed;
  }

  private static int[] tokensOf(PackedSequences seqs) {
    var stream = seqs.tokens();
    int[] out = new int[(int) Math.min(stream.size(), Integer.MAX_VALUE - 8)];
    stream.copy(0, out, 0, out.length);
    return out;
  }

  /** Frees the model and the optimizer and releases the run's lock. */
  @Override
  public void close() {
    optimizer.close();
    model.close();
    try {
      run.close();
    } catch (IOException e) {
      LOG.warn("{}: could not release the run's lock: {}", run.root(), e.toString());
    }
  }
}
