package org.minimind.workbench.cli;

import org.minimind.workbench.model.Intervention;
import picocli.CommandLine.Option;

/** Options of {@code --generate} and {@code --eval} that change what the memory layers read. */
final class InterventionOptions {
  @Option(
      names = "--ablate",
      paramLabel = "L:ID,...",
      description =
          "Ablate slot ID of layer L (comma-separated pairs). --generate then prints the"
              + " plain and the ablated generation side by side; --eval measures the loss change.")
  String ablate;

  @Option(
      names = "--ablate-mode",
      paramLabel = "remove|zero",
      description =
          "remove (default): the slot leaves the gate's candidates and the next best"
              + " candidate is selected instead; zero: it is selected as before but read as zeros.")
  String ablateMode;

  @Option(
      names = "--ablate-layer",
      paramLabel = "L,...",
      description = "Turn layer L's memory read off: every slot it selects is read as zeros.")
  String ablateLayer;

  @Option(
      names = "--force",
      paramLabel = "L:ID,...",
      description =
          "Put slot ID into layer L's selection at every position, in place of its"
              + " lowest-ranked slot.")
  String force;

  /** The intervention these options describe (empty when none is given). */
  Intervention intervention() {
    return Intervention.of(ablate, ablateMode, ablateLayer, force);
  }
}
