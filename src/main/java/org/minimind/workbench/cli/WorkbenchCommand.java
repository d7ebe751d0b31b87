package org.minimind.workbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.minimind.workbench.model.DeviceChoice;
import org.minimind.workbench.train.Preset;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The command line: one mode flag and the options that mode reads. */
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
        names = "--bench",
        paramLabel = "KIND",
        description = "Benchmark and print one JSON line: train.")
    BenchKind bench;
  }

  /** What --bench measures. */
  enum BenchKind {
    train
  }

  @ArgGroup(validate = false, heading = "%nCommon options:%n", order = 1)
  Common common = new Common();

  static final class Common {
    @Option(
        names = "--device",
        paramLabel = "cpu|gpu|auto",
        defaultValue = "auto",
        description = "Device to run on (default: ${DEFAULT-VALUE}: a CUDA device when the engine"
            + " sees one, else the CPU).")
    String device;

    @Option(
        names = "--preset",
        paramLabel = "tiny|small|seed",
        defaultValue = "tiny",
        description = "Model shape for --train and --bench (default: ${DEFAULT-VALUE}).")
    Preset preset;
  }

  @ArgGroup(validate = false, heading = "%nModel and output:%n", order = 2)
  Io io = new Io();

  static final class Io {
    @Option(
        names = "--checkpoint",
        paramLabel = "PATH",
        description = "A checkpoint directory (config.json + model.safetensors or model.pth), or"
            + " a .safetensors/.pth file with a config.json beside it.")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "PATH", description = "Where results go.")
    Path out;
  }

  @ArgGroup(validate = false, heading = "%nDump options:%n", order = 3)
  Dump dump = new Dump();

  static final class Dump {
    @Option(
        names = "--inputs",
        paramLabel = "FILE",
        description = "Safetensors file holding input_ids (int64 [batch, time]).")
    Path inputs;

    @Option(
        names = "--train-step",
        description = "Then take one training step (cross entropy + aux loss, AdamW lr 1e-3,"
            + " betas 0.9/0.95, weight decay 0.1) and add gradients, grad norms, the memory bank"
            + " after the step and its drift.")
    boolean trainStep;
  }

  @ArgGroup(validate = false, heading = "%nBenchmark options:%n", order = 5)
  Bench bench = new Bench();

  static final class Bench {
    @Option(
        names = "--steps",
        defaultValue = "5",
        description = "Timed training steps after one warm-up step (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", description = "Batch size (default: the preset's).")
    Integer batch;
  }

  @Override
  public Integer call() throws Exception {
    if (modes.dump) {
      require(io.checkpoint, "--dump needs --checkpoint");
      require(dump.inputs, "--dump needs --inputs");
      require(io.out, "--dump needs --out");
      for (Path p : DumpMode.run(io.checkpoint, dump.inputs, io.out, dump.trainStep, device())) {
        spec.commandLine().getOut().println("wrote " + p);
      }
      return 0;
    }
    if (modes.bench != null) {
      if (bench.steps <= 0) {
        throw new ParameterException(spec.commandLine(), "--steps must be positive");
      }
      if (bench.batch != null && bench.batch <= 0) {
        throw new ParameterException(spec.commandLine(), "--batch must be positive");
      }
      return BenchMode.train(
          common.preset, bench.steps, bench.batch, device(), spec.commandLine().getOut());
    }
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  private void require(Object value, String message) {
    if (value == null) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  private ai.djl.Device device() {
    try {
      return DeviceChoice.parse(common.device).resolve();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--device: " + e.getMessage());
    }
  }

  /** Whether these arguments open a window (the process must not exit when main returns). */
  static boolean keepsRunning(String[] args) {
    return false;
  }
}
