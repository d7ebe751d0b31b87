package org.minimind.workbench.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.minimind.workbench.data.tokenizer.BpeTokenizer;
import org.minimind.workbench.model.Checkpoint;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.model.SampleModel;
import org.minimind.workbench.model.generate.ContextPolicy;
import org.minimind.workbench.model.generate.GeneratedToken;
import org.minimind.workbench.model.generate.GenerationListener;
import org.minimind.workbench.model.generate.GenerationResult;
import org.minimind.workbench.model.generate.GenerationSettings;
import org.minimind.workbench.model.generate.Generator;
import org.minimind.workbench.model.generate.SamplingSettings;
import org.minimind.workbench.model.generate.StopReason;
import org.minimind.workbench.run.RunDirectory;
import org.minimind.workbench.slots.InterventionComparison;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code --generate}: continues a prompt with a checkpoint (the sample model by default), printing
 * the text on stdout as it is produced and the speed on stderr at the end.
 */
final class GenerateMode {
  /** The tokenizer's file name inside a checkpoint directory. */
  static final String TOKENIZER_FILE = "tokenizer.json";

  private GenerateMode() {}

  static int run(CommandLine cl, CommonOptions common, GenerateOptions opts, Device device)
      throws IOException {
    return run(cl, common, opts, Intervention.none(), device);
  }

  /**
   * As {@link #run(CommandLine, CommonOptions, GenerateOptions, Device)}; with a non-empty
   * intervention, generates twice (without and with it) and prints the comparison instead.
   */
  static int run(
      CommandLine cl,
      CommonOptions common,
      GenerateOptions opts,
      Intervention intervention,
      Device device)
      throws IOException {
    GenerationSettings settings = settings(cl, common, opts);
    Path checkpoint =
        RunDirectory.modelToLoad(common.checkpoint != null ? common.checkpoint : sampleModel());
    BpeTokenizer tokenizer = tokenizer(common, checkpoint);
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    try (MemoryLM model = Checkpoint.load(checkpoint, device)) {
      if (!intervention.isEmpty()) {
        try {
          intervention.validateFor(model.config());
        } catch (IllegalArgumentException e) {
          throw new ParameterException(cl, e.getMessage());
        }
        InterventionComparison.Result r =
            InterventionComparison.compare(model, tokenizer, opts.prompt, settings, intervention);
        InterventionReport.print(r, out);
        err.println("baseline " + summary(r.baseline()));
        err.println("intervened " + summary(r.intervened()));
        err.flush();
        return 0;
      }
      Generator generator = new Generator(model, tokenizer);
      GenerationListener printer =
          new GenerationListener() {
            @Override
            public void onToken(GeneratedToken token) {
              if (!token.piece().isEmpty()) {
                out.print(token.piece());
                out.flush();
              }
            }
          };
      GenerationResult r = generator.generate(opts.prompt, settings, printer);
      out.println(r.tail());
      out.flush();
      err.println(summary(r));
      if (r.stopReason() == StopReason.CONTEXT_FULL) {
        err.println(
            "stopped at the model's context limit (max_seq_len "
                + model.config().maxSeqLen()
                + " tokens, prompt included); --context slide keeps going");
      }
      err.flush();
    }
    return 0;
  }

  /** The settings, or a usage error (exit code 2) naming the bad value. */
  private static GenerationSettings settings(
      CommandLine cl, CommonOptions common, GenerateOptions o) {
    if (o.maxNewTokens <= 0 || o.maxNewTokens > GenerationSettings.MAX_NEW_TOKENS) {
      throw new ParameterException(
          cl,
          "--max-new-tokens must be within [1, "
              + GenerationSettings.MAX_NEW_TOKENS
              + "], got "
              + o.maxNewTokens);
    }
    try {
      SamplingSettings sampling =
          new SamplingSettings(
              o.temperature, o.topP, o.topK, o.minP, o.repetitionPenalty, common.seed);
      return GenerationSettings.defaults()
          .withSampling(sampling)
          .withMaxNewTokens(o.maxNewTokens)
          .withStopStrings(o.stop)
          .withContextPolicy(o.context == null ? ContextPolicy.STOP : o.context)
          .withCache(!o.noCache);
    } catch (IllegalArgumentException e) {
      // The settings name their fields as the seed does; say which flag set them.
      String msg = e.getMessage();
      for (String name : new String[] {"temperature", "top-p", "top-k", "min-p"}) {
        if (msg.startsWith(name + " (")) {
          msg = "--" + msg;
        }
      }
      throw new ParameterException(
          cl, msg.replaceFirst("^repetition penalty", "--repetition-penalty"));
    }
  }

  /**
   * The tokenizer of {@code checkpoint}: --tokenizer, else the one in its directory; checked
   * against the model's vocabulary. A missing checkpoint is reported before its tokenizer.
   */
  static BpeTokenizer tokenizer(CommonOptions common, Path checkpoint) throws IOException {
    Checkpoint.locate(checkpoint);
    Path tokenizerFile = common.tokenizer != null ? common.tokenizer : besideCheckpoint(checkpoint);
    if (!Files.isRegularFile(tokenizerFile)) {
      throw new IOException(
          tokenizerFile
              + ": no such tokenizer file"
              + (common.tokenizer == null
                  ? " in the checkpoint directory; pass --tokenizer FILE"
                  : ""));
    }
    BpeTokenizer tokenizer = BpeTokenizer.load(tokenizerFile);
    try {
      Checkpoint.readConfig(checkpoint).checkTokenizerVocabulary(tokenizer.vocabSize());
    } catch (IllegalArgumentException e) {
      throw new IOException(tokenizerFile + ": " + e.getMessage(), e);
    }
    return tokenizer;
  }

  static Path sampleModel() {
    return SampleModel.locate()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no sample model found (looked in "
                        + SampleModel.candidates().stream()
                            .map(Path::toString)
                            .collect(Collectors.joining(", "))
                        + "); pass --checkpoint DIR (a checkpoint directory with config.json,"
                        + " model.safetensors and tokenizer.json) or set -D"
                        + SampleModel.PROPERTY
                        + "=DIR"));
  }

  private static Path besideCheckpoint(Path checkpoint) {
    Path dir = Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
    return dir.resolve(TOKENIZER_FILE);
  }

  static String summary(GenerationResult r) {
    StringBuilder s = new StringBuilder();
    s.append('[')
        .append(r.generatedTokens())
        .append(" tokens, stopped: ")
        .append(r.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    if (r.stopString() != null) {
      s.append(" \"").append(r.stopString()).append('"');
    }
    if (!Double.isNaN(r.timeToFirstTokenSeconds())) {
      s.append(
          String.format(
              Locale.ROOT, "; time to first token %.1f ms", r.timeToFirstTokenSeconds() * 1000));
    }
    s.append(String.format(Locale.ROOT, "; %.1f tokens/s", r.tokensPerSecond()));
    if (!Double.isNaN(r.decodeTokensPerSecond())) {
      s.append(
          String.format(
              Locale.ROOT, " (%.1f tokens/s after the first)", r.decodeTokensPerSecond()));
    }
    if (r.windowSlides() > 0) {
      s.append("; window slid ").append(r.windowSlides()).append(" times");
    }
    return s.append(']').toString();
  }
}
