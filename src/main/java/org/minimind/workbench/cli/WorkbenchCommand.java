package org.minimind.workbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minimind.workbench.app.SampleModels;
import org.minimind.workbench.app.WorkbenchLauncher;
import org.minimind.workbench.app.screenshot.ScreenshotMode;
import org.minimind.workbench.data.tokenizer.BpeTrainer;
import org.minimind.workbench.model.DeviceChoice;
import org.minimind.workbench.run.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The command line: at most one mode flag, and the options that mode reads. */
@Command(
    name = "minimind-workbench",
    mixinStandardHelpOptions = true,
    version = "MiniMind Memory Workbench 0.1.0",
    sortOptions = false,
    usageHelpWidth = 100,
    customSynopsis = {
      "minimind-workbench [MODE] [OPTIONS]",
      "  MODE: --train | --train-tokenizer | --generate | --eval | --dump | --index-slots",
      "        | --bench KIND | --screenshot DIR",
      "        (no mode: the workbench window)"
    },
    description = {
      "Research workbench for MiniMind's product-key memory language model.",
      "Without a mode it opens the workbench window.",
      ""
    },
    footer = {
      "",
      WorkbenchCommand.EXAMPLES,
      "  java -jar minimind-workbench.jar --train --preset tiny --max-steps 60 --out runs/tiny",
      "  java -jar minimind-workbench.jar --train --resume --out runs/tiny",
      "  java -jar minimind-workbench.jar --dump --checkpoint DIR --inputs ids.safetensors --out OUT",
      "  java -jar minimind-workbench.jar --index-slots --checkpoint runs/tiny --tokens 200000",
      "  java -jar minimind-workbench.jar --bench train --preset small",
      "  java -jar minimind-workbench.jar --generate --prompt \"Once upon a time\"",
      "  java -jar minimind-workbench.jar --generate --prompt \"It is\" --ablate 0:1234,1:77",
      "  java -jar minimind-workbench.jar --eval --checkpoint runs/tiny --ablate-layer 1",
      "  java -jar minimind-workbench.jar --screenshot shots/",
      "  java -jar minimind-workbench.jar --checkpoint sample-models/minimind-memory-small",
      ""
    })
public final class WorkbenchCommand implements Callable<Integer> {
  /**
   * Largest --batch: beyond it a step's activations alone take tens of gigabytes for any preset, so
   * the value is a typo rather than a plan.
   */
  static final int MAX_BATCH = 4096;

  // The help's sections: the option groups' headings, which the per-mode help page and the
  // warnings about options a mode ignores go by.
  static final String MODES = "Modes:";
  static final String COMMON = "Common options:";
  static final String TRAINING = "Training options:";
  static final String DUMP = "Dump options:";
  static final String GENERATION = "Generation options:";
  static final String BENCHMARK = "Benchmark options:";
  static final String INTERVENTION = "Intervention options (--generate, --eval):";
  static final String EVALUATION = "Evaluation options:";
  static final String INDEX = "Slot index options:";
  static final String EXAMPLES = "Examples:";

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%n" + MODES + "%n", order = 0)
  Modes modes = new Modes();

  /** Exactly one mode at a time. */
  static final class Modes {
    @Option(
        names = "--train",
        description =
            "Train a model headless on --corpus into the run directory --out"
                + " (checkpoints, metrics.csv, slot counts); --resume continues one.")
    boolean train;

    @Option(
        names = "--train-tokenizer",
        description =
            "Train a byte-level BPE tokenizer (MiniMind's) on --corpus and write it" + " to --out.")
    boolean trainTokenizer;

    @Option(
        names = "--dump",
        description =
            "Run --checkpoint on the input_ids of --inputs and write OUT.safetensors"
                + " (logits, hidden states, memory indices and scores) and OUT.json (aux loss, layer"
                + " stats).")
    boolean dump;

    @Option(
        names = "--generate",
        description =
            "Continue --prompt with --checkpoint (default: the sample model), streaming"
                + " the text to stdout; tokens/s on stderr.")
    boolean generate;

    @Option(
        names = "--eval",
        description =
            "Validation cross entropy of --checkpoint (default: the sample model)"
                + " without and with the intervention"
                + " (--ablate, --ablate-layer, --force) over the same batches, with the change per"
                + " layer, as one JSON line. Batches from the run's validation split when the"
                + " checkpoint records its corpus, else from --corpus (default: the sample corpus).")
    boolean eval;

    @Option(
        names = "--index-slots",
        description =
            "Run --checkpoint (default: the sample model) over --corpus (default: the run's"
                + " corpus, held-out documents first, up to --tokens, default 1,000,000) and write"
                + " its slot index: per layer and"
                + " slot, how often it was selected and its --top-k best contexts (default: 16), into"
                + " --out (default: slot-index.bin beside the checkpoint).")
    boolean indexSlots;

    @Option(
        names = "--screenshot",
        paramLabel = "DIR",
        description =
            "Render every view of the workbench with the sample model (or --checkpoint)"
                + " loaded, without a display, and write one PNG per view into DIR.")
    Path screenshot;

    @Option(
        names = "--bench",
        paramLabel = "KIND",
        description = "Benchmark and print one JSON line. KIND: ${COMPLETION-CANDIDATES}.")
    BenchKind bench;
  }

  /** What --bench measures. */
  enum BenchKind {
    train,
    generate,
    tokenizer
  }

  @Option(
      names = "--compare",
      paramLabel = "RUN",
      description =
          "With the window or --screenshot: show this run directory's curves on the"
              + " dashboard beside the opened model's (repeatable).")
  List<Path> compare = new ArrayList<>();

  @Option(
      names = "--follow",
      description =
          "With the window and a run directory as --checkpoint: follow the run as"
              + " another process writes it (a --train or torchrun training), as Follow run… does.")
  boolean follow;

  @Option(
      names = "--verbose",
      description = "Print the stack trace of an error, and of a logged one (for a bug report).")
  void verbose(boolean on) {
    if (on) {
      System.setProperty(ConsoleTraces.PROPERTY, "true");
    }
  }

  @ArgGroup(validate = false, heading = "%n" + COMMON + "%n", order = 1)
  CommonOptions common = new CommonOptions();

  @ArgGroup(validate = false, heading = "%n" + TRAINING + "%n", order = 2)
  TrainOptions train = new TrainOptions();

  @ArgGroup(validate = false, heading = "%n" + DUMP + "%n", order = 3)
  DumpOptions dump = new DumpOptions();

  @ArgGroup(validate = false, heading = "%n" + GENERATION + "%n", order = 4)
  GenerateOptions generate = new GenerateOptions();

  @ArgGroup(validate = false, heading = "%n" + BENCHMARK + "%n", order = 5)
  BenchOptions bench = new BenchOptions();

  @ArgGroup(validate = false, heading = "%n" + INTERVENTION + "%n", order = 6)
  InterventionOptions intervention = new InterventionOptions();

  @ArgGroup(validate = false, heading = "%n" + EVALUATION + "%n", order = 7)
  EvalOptions eval = new EvalOptions();

  @ArgGroup(validate = false, heading = "%n" + INDEX + "%n", order = 8)
  IndexOptions index = new IndexOptions();

  /**
   * The option groups each mode reads beyond the common options; an option of another group given
   * with that mode is ignored, and said so. {@code --corpus} and {@code --vocab-size} (in the
   * training options) also serve the tokenizer's training and benchmark.
   */
  private static final java.util.Set<String> TOKENIZER_OPTIONS =
      java.util.Set.of("--corpus", "--vocab-size");

  /** Warns on stderr about each given option the chosen mode does not read. */
  void warnAboutIgnoredOptions() {
    ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed == null) {
      return;
    }
    String mode = modeName();
    for (picocli.CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
      String name = o.longestName();
      String group =
          o.group() == null || o.group().heading() == null
              ? ""
              : o.group().heading().replace("%n", "").trim();
      boolean read =
          switch (group) {
            case TRAINING ->
                modes.train
                    || (TOKENIZER_OPTIONS.contains(name)
                        && (modes.trainTokenizer || modes.bench == BenchKind.tokenizer))
                    || ((modes.eval || modes.indexSlots) && name.equals("--corpus"));
            case INTERVENTION -> modes.generate || modes.eval;
            case EVALUATION -> modes.eval;
            case DUMP -> modes.dump;
            case GENERATION -> modes.generate || (modes.indexSlots && name.equals("--top-k"));
            case BENCHMARK -> modes.bench != null;
            case INDEX -> modes.indexSlots;
            default -> true;
          };
      if (!read) {
        System.err.println(
            "warning: "
                + name
                + " is one of the "
                + group.toLowerCase(java.util.Locale.ROOT).replace(":", "")
                + "; "
                + mode
                + " does not read it (ignored)");
      }
    }
  }

  /**
   * The help page of the chosen mode, cut from {@code full} (the whole help): the synopsis, the
   * modes, the common options, the options of that mode and the examples; null without a mode.
   */
  String helpPage(String full) {
    java.util.Set<String> sections =
        new java.util.HashSet<>(java.util.List.of(MODES, COMMON, EXAMPLES));
    if (modes.train || modes.trainTokenizer) {
      sections.add(TRAINING);
    } else if (modes.dump) {
      sections.add(DUMP);
    } else if (modes.generate) {
      sections.add(GENERATION);
      sections.add(INTERVENTION);
    } else if (modes.eval) {
      sections.add(INTERVENTION);
      sections.add(EVALUATION);
    } else if (modes.indexSlots) {
      sections.add(INDEX);
    } else if (modes.bench != null) {
      sections.add(BENCHMARK);
      if (modes.bench == BenchKind.tokenizer) {
        sections.add(TRAINING);
      }
    } else if (modes.screenshot == null) {
      return null;
    }
    java.util.Set<String> headings =
        java.util.Set.of(
            MODES,
            COMMON,
            TRAINING,
            DUMP,
            GENERATION,
            BENCHMARK,
            INTERVENTION,
            EVALUATION,
            INDEX,
            EXAMPLES);
    StringBuilder page = new StringBuilder();
    boolean keep = true;
    for (String line : full.split("\\R", -1)) {
      if (headings.contains(line.trim())) {
        keep = sections.contains(line.trim());
      }
      if (keep) {
        page.append(line).append(System.lineSeparator());
      }
    }
    return page.toString().stripTrailing()
        + System.lineSeparator()
        + "(the options of "
        + modeName()
        + "; --help without a mode lists every option)"
        + System.lineSeparator();
  }

  /** The chosen mode as the user wrote it, or "the window". */
  private String modeName() {
    if (modes.train) {
      return "--train";
    }
    if (modes.trainTokenizer) {
      return "--train-tokenizer";
    }
    if (modes.dump) {
      return "--dump";
    }
    if (modes.generate) {
      return "--generate";
    }
    if (modes.eval) {
      return "--eval";
    }
    if (modes.indexSlots) {
      return "--index-slots";
    }
    if (modes.bench != null) {
      return "--bench " + modes.bench;
    }
    return modes.screenshot != null ? "--screenshot" : "the window";
  }

  @Override
  public Integer call() throws Exception {
    warnAboutIgnoredOptions();
    if (follow
        && (modes.train
            || modes.trainTokenizer
            || modes.dump
            || modes.generate
            || modes.eval
            || modes.indexSlots
            || modes.bench != null
            || modes.screenshot != null)) {
      throw new ParameterException(spec.commandLine(), "--follow goes with the window");
    }
    if (!compare.isEmpty()
        && (modes.train
            || modes.trainTokenizer
            || modes.dump
            || modes.generate
            || modes.eval
            || modes.indexSlots
            || modes.bench != null)) {
      throw new ParameterException(
          spec.commandLine(), "--compare goes with the window or --screenshot");
    }
    if (modes.train) {
      checkTrainOptions();
      config();
      boolean maxStepsGiven = spec.commandLine().getParseResult().hasMatchedOption("--max-steps");
      return TrainMode.run(
          common, train, maxStepsGiven, device(), System.out, System.console() != null);
    }
    if (modes.trainTokenizer) {
      checkVocabSize();
      Path corpus =
          train.corpus != null
              ? train.corpus
              : TrainMode.defaultFile(TrainMode.SAMPLE_CORPUS, "--corpus");
      return TokenizerMode.run(corpus, train.vocabSize, common.out, System.out);
    }
    if (modes.dump) {
      require(common.checkpoint, "--dump needs --checkpoint");
      require(dump.inputs, "--dump needs --inputs");
      require(common.out, "--dump needs --out");
      for (Path p :
          DumpMode.run(
              RunDirectory.modelToLoad(common.checkpoint),
              dump.inputs,
              common.out,
              dump.trainStep,
              device())) {
        spec.commandLine().getOut().println("wrote " + p);
      }
      return 0;
    }
    if (modes.generate) {
      return GenerateMode.run(spec.commandLine(), common, generate, intervention(), device());
    }
    if (modes.eval) {
      checkBatch();
      if (train.corpus != null && !Files.exists(train.corpus)) {
        throw new ParameterException(
            spec.commandLine(), "--corpus: no such file or folder: " + train.corpus);
      }
      return EvalMode.run(spec.commandLine(), common, train.corpus, eval, intervention(), device());
    }
    if (modes.indexSlots) {
      positive(index.tokens, "--tokens");
      int topK =
          spec.commandLine().getParseResult().hasMatchedOption("--top-k")
              ? generate.topK
              : org.minimind.workbench.slots.IndexSettings.DEFAULT_TOP_K;
      positive(topK, "--top-k");
      if (index.chunk != null) {
        positive(index.chunk, "--chunk");
      }
      checkBatch();
      try {
        org.minimind.workbench.slots.IndexCorpus.Part.parse(index.split);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
      }
      return IndexMode.run(
          common,
          train.corpus,
          index,
          topK,
          device(),
          spec.commandLine().getOut(),
          System.console() != null);
    }
    if (modes.bench == BenchKind.generate) {
      positive(bench.newTokens, "--new-tokens");
      return BenchMode.generate(
          common.preset,
          config(),
          bench.newTokens,
          device(),
          bench.profile,
          spec.commandLine().getOut());
    }
    if (modes.bench == BenchKind.train) {
      positive(bench.steps, "--steps");
      checkBatch();
      checkPrecision();
      return BenchMode.train(
          common.preset,
          config(),
          bench.steps,
          common.batch,
          common.precision(),
          device(),
          bench.profile,
          spec.commandLine().getOut());
    }
    if (modes.bench == BenchKind.tokenizer) {
      checkVocabSize();
      Path corpus =
          train.corpus != null
              ? train.corpus
              : TrainMode.defaultFile(TrainMode.SAMPLE_CORPUS, "--corpus");
      return BenchMode.tokenizer(corpus, train.vocabSize, spec.commandLine().getOut());
    }
    if (modes.screenshot != null) {
      for (Path p :
          ScreenshotMode.run(
              modes.screenshot, modelToShow(), comparedRuns(), deviceChoice(), common.tokenizer)) {
        spec.commandLine().getOut().println("wrote " + p);
      }
      return 0;
    }
    List<Path> runs = comparedRuns();
    String noDisplay = WorkbenchLauncher.whyNoDisplay();
    if (noDisplay != null) {
      throw new IllegalStateException(
          noDisplay
              + ": the window needs one. --screenshot DIR renders"
              + " its views to PNG files without a display; --train, --generate, --dump and --bench"
              + " run headless (--help lists them)");
    }
    if (follow && (common.checkpoint == null || !RunDirectory.isRun(common.checkpoint))) {
      throw new ParameterException(
          spec.commandLine(), "--follow needs a run directory as --checkpoint");
    }
    WorkbenchLauncher.launch(modelToShow(), runs, deviceChoice(), common.tokenizer, follow);
    return 0;
  }

  /** The runs given with --compare, each checked to be a directory. */
  List<Path> comparedRuns() {
    for (Path p : compare) {
      if (!Files.isDirectory(p)) {
        throw new ParameterException(
            spec.commandLine(), "--compare " + p + ": not a run directory");
      }
    }
    return compare;
  }

  /** The checkpoint or run the workbench opens with: --checkpoint, else the sample model. */
  Path modelToShow() {
    return common.checkpoint != null ? common.checkpoint : SampleModels.locate();
  }

  /** The device for the workbench: --device, with auto settled now. */
  DeviceChoice deviceChoice() {
    try {
      DeviceChoice choice = DeviceChoice.parse(common.device);
      if (choice == DeviceChoice.AUTO) {
        return DeviceChoice.gpuAvailable() ? DeviceChoice.GPU : DeviceChoice.CPU;
      }
      return choice;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--device: " + e.getMessage());
    }
  }

  /** {@code --precision}, as a usage error when it names no format. */
  private void checkPrecision() {
    try {
      common.precision();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void checkTrainOptions() {
    checkPrecision();
    require(common.out, "--train needs --out DIR (the run directory)");
    positive(train.maxSteps, "--max-steps");
    checkBatch();
    positive(train.accumulation, "--accumulation");
    positive(train.logInterval, "--log-interval");
    positive(train.checkpointInterval, "--checkpoint-interval");
    positive(train.keepLast, "--keep-last");
    positive(train.countsInterval, "--counts-interval");
    positive(train.evalBatches, "--eval-batches");
    if (train.evalInterval < 0) {
      throw new ParameterException(spec.commandLine(), "--eval-interval must be >= 0");
    }
    if (!(train.lr > 0 && Double.isFinite(train.lr))) {
      throw new ParameterException(spec.commandLine(), "--lr must be positive, got " + train.lr);
    }
    if (train.warmup < 0 || (!train.resume && train.warmup > train.maxSteps)) {
      throw new ParameterException(
          spec.commandLine(),
          "--warmup must be within [0, --max-steps (" + train.maxSteps + ")], got " + train.warmup);
    }
    if (!(train.gradClip >= 0 && Double.isFinite(train.gradClip))) {
      throw new ParameterException(
          spec.commandLine(),
          "--grad-clip must be >= 0 (0 turns clipping off), got " + train.gradClip);
    }
    if (!(train.weightDecay >= 0 && Double.isFinite(train.weightDecay))) {
      throw new ParameterException(
          spec.commandLine(), "--weight-decay must be >= 0, got " + train.weightDecay);
    }
    if (!Double.isFinite(train.auxCoef)) {
      throw new ParameterException(
          spec.commandLine(), "--aux-coef must be finite, got " + train.auxCoef);
    }
    if (!(train.valFraction >= 0 && train.valFraction < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--val-fraction must be in [0, 1), got " + train.valFraction);
    }
    if (train.timeBudget != null && !(train.timeBudget > 0)) {
      throw new ParameterException(spec.commandLine(), "--time-budget must be positive");
    }
    if (train.corpus != null && !java.nio.file.Files.exists(train.corpus)) {
      throw new ParameterException(
          spec.commandLine(), "--corpus: no such file or folder: " + train.corpus);
    }
    if (common.tokenizer != null && !java.nio.file.Files.isRegularFile(common.tokenizer)) {
      throw new ParameterException(
          spec.commandLine(), "--tokenizer: no such file: " + common.tokenizer);
    }
    try {
      TrainMode.dtype(train.saveDtype);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** --batch, when given: a positive number of sequences no larger than {@link #MAX_BATCH}. */
  private void checkBatch() {
    if (common.batch != null && (common.batch <= 0 || common.batch > MAX_BATCH)) {
      throw new ParameterException(
          spec.commandLine(),
          "--batch must be within [1, " + MAX_BATCH + "] sequences, got " + common.batch);
    }
  }

  /** --vocab-size of a tokenizer to train: room for the bytes and special tokens, and bounded. */
  private void checkVocabSize() {
    try {
      BpeTrainer.builder().vocabSize(train.vocabSize).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--vocab-size: " + e.getMessage());
    }
  }

  /** The intervention of --ablate, --ablate-mode, --ablate-layer and --force, or a usage error. */
  org.minimind.workbench.model.Intervention intervention() {
    try {
      return intervention.intervention();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  void require(Object value, String message) {
    if (value == null) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  void positive(long value, String option) {
    if (value <= 0) {
      throw new ParameterException(spec.commandLine(), option + " must be positive, got " + value);
    }
  }

  org.minimind.workbench.model.ModelConfig config() {
    try {
      return common.presetConfig();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  ai.djl.Device device() {
    try {
      return common.resolveDevice();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--device: " + e.getMessage());
    }
  }

  /**
   * Whether these arguments open a window (no mode, no help): the process must then not exit when
   * main returns.
   */
  static boolean keepsRunning(String[] args) {
    CommandLine cl = new CommandLine(new WorkbenchCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    try {
      ParseResult parsed = cl.parseArgs(args);
      if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
        return false;
      }
    } catch (ParameterException e) {
      return false;
    }
    WorkbenchCommand c = cl.getCommand();
    Modes m = c.modes;
    return m == null
        || (!m.train
            && !m.trainTokenizer
            && !m.dump
            && !m.generate
            && !m.eval
            && !m.indexSlots
            && m.bench == null
            && m.screenshot == null);
  }
}
