package org.minimind.workbench.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of {@code --dump}. */
final class DumpOptions {
  @Option(
      names = "--inputs",
      paramLabel = "FILE",
      description = "Safetensors file holding input_ids (int64 [batch, time]).")
  Path inputs;

  @Option(
      names = "--train-step",
      description =
          "Then take one training step (cross entropy + aux loss, AdamW lr 1e-3,"
              + " betas 0.9/0.95, weight decay 0.1) and add gradients, grad norms, the memory bank"
              + " after the step and its drift.")
  boolean trainStep;
}
