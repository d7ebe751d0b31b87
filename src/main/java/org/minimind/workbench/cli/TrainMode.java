package org.minimind.workbench.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.minimind.workbench.data.Corpus;
import org.minimind.workbench.data.CorpusFingerprint;
import org.minimind.workbench.data.PackedCorpus;
import org.minimind.workbench.data.SequencePacker;
import org.minimind.workbench.data.SplitConfig;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.metrics.RunDirectory;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.model.io.DType;
import org.minimind.workbench.train.AdamW;
import org.minimind.workbench.train.CorpusTrainingData;
import org.minimind.workbench.train.Preset;
import org.minimind.workbench.train.TrainSettings;
import org.minimind.workbench.train.Trainer;
import org.minimind.workbench.train.TrainerState;
import org.minimind.workbench.train.TrainingListener;
import org.minimind.workbench.train.TrainingSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --train}: trains a model on a corpus into a run directory ({@link RunDirectory}), or
 * resumes one. Everything a run needs to continue (model, optimizer moments, step, data position)
 * is in its checkpoints; its settings are in {@code run.json} and each checkpoint.
 */
final class TrainMode {
  static final String SAMPLE_CORPUS = "sample-models/corpus";
  static final String SAMPLE_TOKENIZER = "sample-models/minimind-memory-small/tokenizer.json";
  private static final Logger LOG = LoggerFactory.getLogger(TrainMode.class);

  private TrainMode() {}

  /** A run ready to go: the trainer and what it needs to save. */
  record Prepared(Trainer trainer, RunDirectory run, MemoryLM model, AdamW optimizer) {}

  static int run(
      CommonOptions common, TrainOptions t, boolean maxStepsGiven, Device device, PrintStream out,
      boolean interactive) throws IOException {
    if (common.out == null) {
      throw new IllegalArgumentException("--train needs --out DIR (the run directory)");
    }
    Prepared p =
        t.resume
            ? resume(common.out, t, maxStepsGiven, device)
            : start(common, t, device);
    try {
      p.trainer.addListener(new ConsoleReporter(out, interactive));
      TrainingSummary s = p.trainer.run();
      out.println("run directory: " + p.run.root().toAbsolutePath());
      if (s.reason() == TrainingSummary.Reason.FAILED) {
        Throwable e = s.error();
        throw new IllegalStateException(
            "training failed at step " + s.lastStep() + ": " + (e == null ? "?" : e.getMessage()), e);
      }
      return 0;
    } finally {
      p.optimizer.close();
      p.model.close();
    }
  }

  static Prepared start(CommonOptions common, TrainOptions t, Device device) throws IOException {
    Path tokenizerFile = t.tokenizer != null ? t.tokenizer : defaultFile(SAMPLE_TOKENIZER, "--tokenizer");
    BpeTokenizer tokenizer = BpeTokenizer.load(tokenizerFile);
    Path corpusPath = t.corpus != null ? t.corpus : defaultFile(SAMPLE_CORPUS, "--corpus");
    Preset preset = common.preset;
    ModelConfig config = common.presetConfig().withVocabSize(tokenizer.vocabSize());
    int batch = common.batch != null ? common.batch : preset.batchSize();
    TrainSettings settings = settings(t, batch, common.seed);
    DType dtype = dtype(t.saveDtype);
    SplitConfig split = new SplitConfig(t.valFraction, common.seed);

    PackedCorpus packed = pack(corpusPath, tokenizer, split, config.maxSeqLen());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", "minimind-workbench-run/1");
    manifest.put("created", Instant.now().toString());
    manifest.put("preset", preset.name().toLowerCase(Locale.ROOT));
    manifest.put("config", config.toSeedMap());
    manifest.put("settings", settings);
    manifest.put("save_dtype", dtype.safetensorsName());
    manifest.put("seed", common.seed);
    Map<String, Object> corpus = new LinkedHashMap<>();
    corpus.put("path", corpusPath.toAbsolutePath().normalize().toString());
    corpus.put("fingerprint", packed.fingerprint());
    corpus.put("validation_fraction", t.valFraction);
    corpus.put("train_sequences", packed.train().size());
    corpus.put("validation_sequences", packed.validation().size());
    manifest.put("corpus", corpus);
    manifest.put("tokenizer", Map.of(
        "source", tokenizerFile.toAbsolutePath().normalize().toString(),
        "vocab_size", tokenizer.vocabSize()));
    manifest.put("versions", versions());
    manifest.put("device", device.toString());
    RunDirectory run = RunDirectory.create(common.out, manifest, tokenizerFile, settings.keepLast());

    MemoryLM model = MemoryLM.initialize(config, device, common.seed);
    if (model.tokenMemory().isPresent()) {
      model.tokenMemory().get().initializeFromWindows(tokensOf(packed.train()), common.seed);
    }
    AdamW optimizer = new AdamW(model.parameters().manager(), settings.optimizer());
    CorpusTrainingData data = new CorpusTrainingData(packed, batch, common.seed);
    TrainerState state = new TrainerState(model, optimizer, data);
    return new Prepared(assemble(settings, state, run, dtype, config), run, model, optimizer);
  }

  static Prepared resume(Path dir, TrainOptions t, boolean maxStepsGiven, Device device)
      throws IOException {
    RunDirectory run = RunDirectory.open(dir, t.keepLast);
    Path checkpoint =
        run.latestCheckpoint()
            .orElseThrow(() -> new IOException(dir + ": no complete checkpoint to resume from"));
    RunDirectory.TrainerRecord record = RunDirectory.readTrainerRecord(checkpoint);
    JsonObject manifest = run.manifest();
    TrainSettings s = record.settings();
    TrainSettings settings =
        new TrainSettings(
            s.batchSize(), s.accumulationSteps(), maxStepsGiven ? t.maxSteps : s.maxSteps(),
            t.timeBudget != null ? t.timeBudget : 0, s.lr(), s.warmupSteps(), s.gradClip(),
            s.auxCoefficient(), s.weightDecay(), s.beta1(), s.beta2(), s.seed(), s.logInterval(),
            s.evalInterval(), s.evalBatches(), s.checkpointInterval(), s.keepLast(),
            s.slotCountsInterval());
    if (record.step() >= settings.maxSteps()) {
      throw new IllegalArgumentException(
          dir + " already reached step " + record.step() + " of " + settings.maxSteps()
              + "; pass a larger --max-steps to train further");
    }
    BpeTokenizer tokenizer = BpeTokenizer.load(run.tokenizerFile());
    JsonObject corpus = manifest.getAsJsonObject("corpus");
    Path corpusPath = t.corpus != null ? t.corpus : Path.of(corpus.get("path").getAsString());
    SplitConfig split =
        new SplitConfig(corpus.get("validation_fraction").getAsDouble(), s.seed());
    MemoryLM model = Checkpoint.load(checkpoint, device);
    AdamW optimizer = new AdamW(model.parameters().manager(), settings.optimizer());
    try {
      PackedCorpus packed = pack(corpusPath, tokenizer, split, model.config().maxSeqLen());
      String expected =
          corpus.getAsJsonObject("fingerprint").get("sha256").getAsString();
      if (!packed.fingerprint().sha256().equals(expected)) {
        throw new IOException(
            corpusPath + ": not the corpus this run was trained on (fingerprint "
                + packed.fingerprint().sha256() + ", the run recorded " + expected + ")");
      }
      RunDirectory.restoreOptimizer(checkpoint, optimizer, model);
      CorpusTrainingData data = new CorpusTrainingData(packed, s.batchSize(), s.seed());
      data.restore(record.dataPosition());
      TrainerState state = new TrainerState(model, optimizer, data);
      state.restoreCounters(record.step(), record.tokensSeen(), record.bestValLoss());
      run.rewindTo(record.step());
      LOG.info("resuming {} from step {}", dir, record.step());
      DType dtype = dtype(manifest.get("save_dtype").getAsString());
      return new Prepared(assemble(settings, state, run, dtype, model.config()), run, model, optimizer);
    } catch (IOException | RuntimeException e) {
      optimizer.close();
      model.close();
      throw e;
    }
  }

  private static Trainer assemble(
      TrainSettings settings, TrainerState state, RunDirectory run, DType dtype, ModelConfig config) {
    Trainer trainer = new Trainer(settings, state, (st, best) -> run.save(st, settings, dtype, best));
    TrainingListener recorder = run.recorder(config.nLayers());
    trainer.addListener(recorder);
    return trainer;
  }

  static PackedCorpus pack(Path corpusPath, BpeTokenizer tokenizer, SplitConfig split, int seqLen)
      throws IOException {
    Corpus corpus = Corpus.open(corpusPath);
    SequencePacker packer =
        new SequencePacker(tokenizer::encode, BpeTokenizer.BOS_ID, BpeTokenizer.EOS_ID);
    long t0 = System.nanoTime();
    PackedCorpus packed = PackedCorpus.build(corpus, split, packer, seqLen);
    CorpusFingerprint f = packed.fingerprint();
    LOG.info(
        "corpus {}: {} documents, {} MB, {} training and {} validation sequences of {} tokens ({} s)",
        corpusPath, f.documents(), String.format(Locale.ROOT, "%.1f", f.bytes() / 1e6),
        packed.train().size(), packed.validation().size(), seqLen,
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
    return packed;
  }

  private static int[] tokensOf(org.minimind.workbench.data.PackedSequences seqs) {
    var stream = seqs.tokens();
    int[] out = new int[(int) Math.min(stream.size(), Integer.MAX_VALUE - 8)];
    stream.copy(0, out, 0, out.length);
    return out;
  }

  static TrainSettings settings(TrainOptions t, int batch, long seed) {
    return new TrainSettings(
        batch, t.accumulation, t.maxSteps, t.timeBudget != null ? t.timeBudget : 0, t.lr, t.warmup,
        t.gradClip, t.auxCoef, t.weightDecay, 0.9, 0.999, seed, t.logInterval, t.evalInterval,
        t.evalBatches, t.checkpointInterval, t.keepLast, t.countsInterval);
  }

  static DType dtype(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "f32" -> DType.F32;
      case "f16" -> DType.F16;
      case "bf16" -> DType.BF16;
      default -> throw new IllegalArgumentException(
          "--save-dtype must be f32, f16 or bf16, not '" + s + "'");
    };
  }

  static Path defaultFile(String relative, String option) throws IOException {
    Optional<Path> p = ProjectFiles.find(relative);
    if (p.isEmpty()) {
      throw new IOException(
          "no " + relative + " found (run from the project folder, or pass " + option + ")");
    }
    return p.get();
  }

  static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("workbench", "0.1.0");
    v.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    v.put("java", System.getProperty("java.version"));
    return v;
  }

}
