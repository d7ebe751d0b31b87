package org.minimind.workbench.train;

/**
 * MiniMind's learning-rate schedule ({@code get_lr} in its training scripts): cosine decay from 1.1
 * x lr towards lr/10, {@code lr/10 + 0.5 * lr * (1 + cos(pi * step / total))}, optionally preceded
 * by a linear warmup from 0 to the schedule's value at the end of the warmup. After {@code
 * totalSteps} the rate stays at the floor, lr/10 (MiniMind's runs never get there; a run extended
 * past its schedule does, as nanoGPT's runs past {@code lr_decay_iters}).
 *
 * @param baseLr MiniMind's {@code learning_rate}
 * @param totalSteps steps of the cosine (its period is twice this): the whole run, as MiniMind's
 * @param warmupSteps linear warmup length, 0 for none
 */
public record LrSchedule(double baseLr, long totalSteps, long warmupSteps) {
  public LrSchedule {
    if (!(baseLr >= 0)) {
      throw new IllegalArgumentException("learning rate (" + baseLr + ") must be >= 0");
    }
    if (totalSteps <= 0) {
      throw new IllegalArgumentException("total steps (" + totalSteps + ") must be positive");
    }
    if (warmupSteps < 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "warmup steps (" + warmupSteps + ") must be in 0.." + totalSteps);
    }
  }

  /** Learning rate for 0-based {@code step}. */
  public double at(long step) {
    if (step < warmupSteps) {
      return cosine(warmupSteps) * (step + 1) / warmupSteps;
    }
    return cosine(step);
  }

  private double cosine(long step) {
    long s = Math.min(step, totalSteps);
    return baseLr / 10 + 0.5 * baseLr * (1 + Math.cos(Math.PI * s / totalSteps));
  }
}
