package org.minimind.workbench.slots;

import java.util.ArrayList;
import java.util.List;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.MemoryLM;
import org.minimind.workbench.train.Evaluation;

/**
 * What an {@link Intervention} costs in cross entropy: the same validation batches run without and
 * with it, the mean change and its spread over batches, and the change when only one layer's part
 * of it is applied (for each layer it touches).
 */
public final class InterventionEvaluation {
  private InterventionEvaluation() {}

  /**
   * The change in mean cross entropy over batches.
   *
   * @param intervention what was applied
   * @param crossEntropy mean over batches of the batch's mean next-token cross entropy, nats
   * @param delta mean over batches of (with - without)
   * @param deltaStd sample standard deviation of the per-batch differences (0 for one batch)
   * @param deltaStandardError {@code deltaStd / sqrt(batches)}
   */
  public record Change(
      Intervention intervention,
      double crossEntropy,
      double delta,
      double deltaStd,
      double deltaStandardError) {}

  /**
   * @param baseline mean cross entropy without the intervention
   * @param whole the whole intervention's change
   * @param perLayer for each layer it touches, in order, the change from that layer's part alone
   * @param batches batches measured
   */
  public record Result(double baseline, Change whole, List<Change> perLayer, int batches) {
    public Result {
      perLayer = List.copyOf(perLayer);
    }
  }

  /**
   * Runs every batch of {@code rows} sequences of {@code seqLen + 1} ids without and with {@code
   * intervention} (and with each of its layers' parts when it touches more than none).
   */
  public static Result evaluate(
      MemoryLM model, List<long[]> batches, int rows, int seqLen, Intervention intervention) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("no batches to evaluate on");
    }
    intervention.validateFor(model.config());
    double[] base = new double[batches.size()];
    for (int b = 0; b < base.length; b++) {
      base[b] = Evaluation.crossEntropy(model, batches.get(b), rows, seqLen);
    }
    Change whole = change(model, batches, rows, seqLen, intervention, base);
    List<Change> perLayer = new ArrayList<>();
    for (int layer : intervention.layers()) {
      perLayer.add(change(model, batches, rows, seqLen, intervention.onlyLayer(layer), base));
    }
    return new Result(mean(base), whole, perLayer, base.length);
  }

  private static Change change(
      MemoryLM model, List<long[]> batches, int rows, int seqLen, Intervention iv, double[] base) {
    double[] ce = new double[base.length];
    double[] delta = new double[base.length];
    for (int b = 0; b < base.length; b++) {
      ce[b] = Evaluation.crossEntropy(model, batches.get(b), rows, seqLen, iv);
      delta[b] = ce[b] - base[b];
    }
    double mean = mean(delta);
    double ss = 0;
    for (double d : delta) {
      ss += (d - mean) * (d - mean);
    }
    double std = delta.length > 1 ? Math.sqrt(ss / (delta.length - 1)) : 0;
    return new Change(iv, mean(ce), mean, std, std / Math.sqrt(delta.length));
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
