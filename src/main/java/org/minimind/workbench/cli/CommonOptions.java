package org.minimind.workbench.cli;

import ai.djl.Device;
import java.nio.file.Path;
import org.minimind.workbench.model.DeviceChoice;
import org.minimind.workbench.model.MemoryVariant;
import org.minimind.workbench.model.TokenMemorySettings;
import org.minimind.workbench.train.Preset;
import picocli.CommandLine.Option;

/**
 * Options several modes read: where to run, which model shape, which checkpoint, where to write.
 */
final class CommonOptions {
  @Option(
      names = "--device",
      paramLabel = "cpu|gpu|auto",
      defaultValue = "auto",
      description =
          "Device to run on (default: ${DEFAULT-VALUE}: a CUDA device when the engine"
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
      description =
          "Sequences per (micro-)batch for --train and --bench (default: the preset's),"
              + " --eval (default: 8); per engine call for --index-slots (default: 8).")
  Integer batch;

  @Option(
      names = "--memory-variant",
      paramLabel = "continuous|token",
      defaultValue = "continuous",
      description =
          "What the memory bank stores for --train and --bench: float vectors"
              + " (continuous, the seed's 1.4.4) or token ids read through the embedding (token, the"
              + " 1.4.6 experiment) (default: ${DEFAULT-VALUE}).")
  String memoryVariant;

  @Option(
      names = "--knowledge-length",
      defaultValue = "8",
      description = "Token memory: token ids per slot (default: ${DEFAULT-VALUE}).")
  int knowledgeLength;

  @Option(
      names = "--ema-decay",
      defaultValue = "0.9",
      description =
          "Token memory: weight of a slot's own content in its EMA update (default:"
              + " ${DEFAULT-VALUE}).")
  double emaDecay;

  @Option(
      names = "--ema-update-freq",
      defaultValue = "5",
      description =
          "Token memory: optimizer steps between EMA updates (default: ${DEFAULT-VALUE}).")
  int emaUpdateFreq;

  @Option(
      names = "--knowledge-read",
      paramLabel = "mean|concat",
      defaultValue = "mean",
      description =
          "Token memory: how a slot's token embeddings become one vector: mean then"
              + " Linear(dim, knowledge_dim), or Linear(L*dim, knowledge_dim) on their concatenation"
              + " (default: ${DEFAULT-VALUE}).")
  String knowledgeRead;

  @Option(
      names = "--checkpoint",
      paramLabel = "PATH",
      description =
          "A run directory (its best checkpoint, else its latest), a checkpoint"
              + " directory (config.json + model.safetensors or model.pth), or a .safetensors/.pth"
              + " file with a config.json beside it; the same for every mode.")
  Path checkpoint;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description =
          "tokenizer.json. --train encodes with it and takes its vocabulary size"
              + " (default: the sample model's); --generate, the window and --screenshot decode with"
              + " it (default: the one in the checkpoint directory, e.g. none beside a seed .pth).")
  Path tokenizer;

  @Option(names = "--out", paramLabel = "PATH", description = "Where results go.")
  Path out;

  @Option(
      names = "--precision",
      paramLabel = "fp32|bf16",
      defaultValue = "fp32",
      description =
          "What the training passes of --train and --bench train compute in: fp32, or bf16 as the"
              + " seed under torch.autocast(dtype=bfloat16) (bfloat16 linear layers, gate scores and"
              + " attention; float32 norms, softmax, loss and master weights), for a GPU with"
              + " bfloat16 units (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(
      names = "--seed",
      defaultValue = "1337",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** {@code --precision}, checked. */
  org.minimind.workbench.model.Precision precision() {
    try {
      return org.minimind.workbench.model.Precision.parse(precision);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage(), e);
    }
  }

  /** The preset's shape with the chosen memory variant. */
  org.minimind.workbench.model.ModelConfig presetConfig() {
    MemoryVariant variant;
    TokenMemorySettings token;
    try {
      variant = MemoryVariant.parse(memoryVariant);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--memory-variant: " + e.getMessage(), e);
    }
    try {
      token =
          new TokenMemorySettings(
              knowledgeLength,
              emaDecay,
              emaUpdateFreq,
              TokenMemorySettings.KnowledgeRead.parse(knowledgeRead));
    } catch (IllegalArgumentException e) {
      // The settings name the seed's keys; say which flag set them.
      String msg =
          e.getMessage()
              .replace("knowledge_length", "--knowledge-length")
              .replace("ema_decay", "--ema-decay")
              .replace("ema_update_freq", "--ema-update-freq")
              .replace("knowledge_read", "--knowledge-read");
      throw new IllegalArgumentException(msg, e);
    }
    return preset.config().withMemoryVariant(variant).withTokenMemory(token);
  }

  /** The device, or an IllegalArgumentException naming the bad value. */
  Device resolveDevice() {
    return DeviceChoice.parse(device).resolve();
  }
}
