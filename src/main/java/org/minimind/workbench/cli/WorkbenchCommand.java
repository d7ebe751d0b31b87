package org.minimind.workbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The command line: at most one mode flag, and the options that mode reads. */
@Command(
    name = "minimind-workbench",
    mixinStandardHelpOptions = true,
    version = "MiniMind Memory Workbench 0.1.0",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Research workbench for MiniMind's product-key memory language model.",
      "Without a mode it opens the workbench window.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  java -jar minimind-workbench.jar --dump --checkpoint DIR --inputs ids.safetensors --out OUT",
      "  java -jar minimind-workbench.jar --bench train --preset small",
      "  java -jar minimind-workbench.jar --generate --prompt \"Once upon a time\"",
      ""
    })
public final class WorkbenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nModes:%n", order = 0)
  Modes modes = new Modes();

  /** Exactly one mode at a time. */
  static final class Modes {
    @Option(
        names = "--dump",
        description = "Run --checkpoint on the input_ids of --inputs and write OUT.safetensors"
            + " (logits, hidden states, memory indices and scores) and OUT.json (aux loss, layer"
            + " stats).")
    boolean dump;

    @Option(
        names = "--generate",
        description = "Continue --prompt with --checkpoint (default: the sample model), streaming"
            + " the text to stdout; tokens/s on stderr.")
    boolean generate;

    @Option(
        names = "--bench",
        paramLabel = "KIND",
        description = "Benchmark and print one JSON line. KIND: ${COMPLETION-CANDIDATES}.")
    BenchKind bench;
  }

  /** What --bench measures. */
  enum BenchKind {
    train,
    generate
  }

  @ArgGroup(validate = false, heading = "%nCommon options:%n", order = 1)
  CommonOptions common = new CommonOptions();

  @ArgGroup(validate = false, heading = "%nDump options:%n", order = 3)
  DumpOptions dump = new DumpOptions();

  @ArgGroup(validate = false, heading = "%nGeneration options:%n", order = 4)
  GenerateOptions generate = new GenerateOptions();

  @ArgGroup(validate = false, heading = "%nBenchmark options:%n", order = 5)
  BenchOptions bench = new BenchOptions();

  @Override
  public Integer call() throws Exception {
    if (modes.dump) {
      require(common.checkpoint, "--dump needs --checkpoint");
      require(dump.inputs, "--dump needs --inputs");
      require(common.out, "--dump needs --out");
      for (Path p :
          DumpMode.run(common.checkpoint, dump.inputs, common.out, dump.trainStep, device())) {
        spec.commandLine().getOut().println("wrote " + p);
      }
      return 0;
    }
    if (modes.generate) {
      return GenerateMode.run(spec.commandLine(), common, generate, device());
    }
    if (modes.bench == BenchKind.generate) {
      positive(bench.newTokens, "--new-tokens");
      return BenchMode.generate(common.preset, bench.newTokens, device(), spec.commandLine().getOut());
    }
    if (modes.bench == BenchKind.train) {
      positive(bench.steps, "--steps");
      if (bench.batch != null) {
        positive(bench.batch, "--batch");
      }
      return BenchMode.train(
          common.preset, bench.steps, bench.batch, device(), spec.commandLine().getOut());
    }
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
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

  ai.djl.Device device() {
    try {
      return common.resolveDevice();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--device: " + e.getMessage());
    }
  }

  /** Whether these arguments open a window (the process must not exit when main returns). */
  static boolean keepsRunning(String[] args) {
    return false;
  }
}
