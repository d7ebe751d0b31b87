package org.minimind.workbench.cli;

import ai.djl.Device;
import java.nio.file.Path;
import org.minimind.workbench.model.DeviceChoice;
import org.minimind.workbench.train.Preset;
import picocli.CommandLine.Option;

/** Options several modes read: where to run, which model shape, which checkpoint, where to write. */
final class CommonOptions {
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

  @Option(
      names = "--batch",
      description = "Sequences per (micro-)batch for --train and --bench (default: the preset's).")
  Integer batch;

  @Option(
      names = "--checkpoint",
      paramLabel = "PATH",
      description = "A checkpoint directory (config.json + model.safetensors or model.pth), or a"
          + " .safetensors/.pth file with a config.json beside it.")
  Path checkpoint;

  @Option(names = "--out", paramLabel = "PATH", description = "Where results go.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "1337",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The device, or an IllegalArgumentException naming the bad value. */
  Device resolveDevice() {
    return DeviceChoice.parse(device).resolve();
  }
}
