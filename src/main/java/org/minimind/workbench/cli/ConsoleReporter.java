package org.minimind.workbench.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.minimind.workbench.train.LayerStats;
import org.minimind.workbench.train.StepMetrics;
import org.minimind.workbench.train.TrainingListener;
import org.minimind.workbench.train.TrainingStart;
import org.minimind.workbench.train.TrainingSummary;

/**
 * What a headless run shows in the terminal: a progress bar (step, loss, tokens/s, ETA) when stderr
 * is a terminal, and one greppable line per logged step on stdout, e.g. {@code step 120/2000: ce
 * 6.12 (loss 8.23 with aux 2.11), lr 4.9e-04, 2731 tok/s, grad 0.94, gini 0.87 0.91}. The cross
 * entropy leads: the balance loss (aux) has no gradient and mostly rises.
 */
final class ConsoleReporter implements TrainingListener {
  private final PrintStream out;
  private final boolean bar;
  private ProgressBar progress;
  private long total;

  ConsoleReporter(PrintStream out, boolean interactive) {
    this.out = out;
    this.bar = interactive;
  }

  @Override
  public void onStart(TrainingStart start) {
    total = start.settings().maxSteps();
    String memory =
        start.memoryBankCount() > 0
            ? String.format(
                Locale.ROOT,
                "memory bank %,d = %.0f%%",
                start.memoryBankCount(),
                100.0 * start.memoryBankCount() / start.parameterCount())
            : String.format(
                Locale.ROOT,
                "token memory %,d x %d ids",
                start.config().knowledgeNum(),
                start.config().tokenMemory().knowledgeLength());
    out.printf(
        Locale.ROOT,
        "training %,d parameters (%s) on %s, from step %d to %d%n",
        start.parameterCount(),
        memory,
        start.device(),
        start.firstStep(),
        total);
    if (bar) {
      progress =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
      progress.stepTo(start.firstStep());
    }
  }

  @Override
  public void onProgress(long step, long totalSteps, double loss, double tokensPerSecond) {
    if (progress != null) {
      progress.stepTo(step);
      progress.setExtraMessage(
          String.format(Locale.ROOT, "loss %.3f, %.0f tok/s", loss, tokensPerSecond));
    }
  }

  @Override
  public void onStep(StepMetrics m) {
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(
            Locale.ROOT,
            "step %d/%d: ce %.4f (loss %.4f with aux %.4f), lr %.2e, %.0f tok/s, grad %.3f",
            m.step(),
            total,
            m.ce(),
            m.loss(),
            m.aux(),
            m.lr(),
            m.tokensPerSecond(),
            m.gradNorm()));
    if (!Double.isNaN(m.valLoss())) {
      line.append(String.format(Locale.ROOT, ", val %.4f", m.valLoss()));
    }
    line.append(", gini");
    for (LayerStats s : m.layers()) {
      line.append(String.format(Locale.ROOT, " %.3f", s.gini()));
    }
    if (Double.isNaN(m.drift().tokenChangeRate())) {
      line.append(String.format(Locale.ROOT, ", drift %.2e", m.drift().avgL2Change()));
    } else {
      line.append(
          String.format(Locale.ROOT, ", ids changed %.2f%%", 100 * m.drift().tokenChangeRate()));
    }
    if (progress != null) {
      System.err.print("\r\033[2K");
      System.err.flush();
    }
    out.println(line);
    out.flush();
  }

  @Override
  public void onCheckpoint(long step, java.nio.file.Path dir, boolean best) {
    if (best) {
      out.println("checkpoint " + dir + " (best validation loss so far)");
    }
  }

  @Override
  public void onFinish(TrainingSummary s) {
    if (progress != null) {
      progress.close();
    }
    out.printf(
        Locale.ROOT,
        "finished at step %d (%s) after %.1f s; last loss %.4f, best val %.4f%n",
        s.lastStep(),
        s.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '),
        s.seconds(),
        s.lastLoss(),
        s.bestValLoss());
  }
}
