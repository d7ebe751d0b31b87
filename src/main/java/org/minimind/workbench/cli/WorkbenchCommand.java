package org.minimind.workbench.cli;

import java.nio.file.Path;
import org.minimind.workbench.app.SampleModels;
import org.minimind.workbench.app.WorkbenchLauncher;
import org.minimind.workbench.app.screenshot.ScreenshotMode;
import org.minimind.workbench.model.DeviceChoice;
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
      "  java -jar minimind-workbench.jar --screenshot shots/",
      "  java -jar minimind-workbench.jar --checkpoint sample-models/minimind-memory-small",
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
        names = "--screenshot",
        paramLabel = "DIR",
        description = "Render every view of the workbench with the sample model (or --checkpoint)"
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
    train
  }

  @ArgGroup(validate = false, heading = "%nCommon options:%n", order = 1)
  CommonOptions common = new CommonOptions();

  @ArgGroup(validate = false, heading = "%nDump options:%n", order = 3)
  DumpOptions dump = new DumpOptions();

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
    if (modes.bench == BenchKind.train) {
      positive(bench.steps, "--steps");
      if (bench.batch != null) {
        positive(bench.batch, "--batch");
      }
      return BenchMode.train(
          common.preset, bench.steps, bench.batch, device(), spec.commandLine().getOut());
    }
    if (modes.screenshot != null) {
      for (Path p : ScreenshotMode.run(modes.screenshot, modelToShow(), deviceChoice())) {
        spec.commandLine().getOut().println("wrote " + p);
      }
      return 0;
    }
    WorkbenchLauncher.launch(modelToShow(), deviceChoice());
    return 0;
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
    for (String a : args) {
      if (a.equals("--dump") || a.startsWith("--bench") || a.startsWith("--screenshot")
          || a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
        return false;
      }
    }
    return true;
  }
}
