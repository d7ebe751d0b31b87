package org.minimind.workbench.app.dashboard;

import org.minimind.workbench.train.Preset;

/**
 * What the dashboard trains: the open checkpoint continued or a fresh preset on random token ids
 * (quick, nothing written), or a new run of the tiny preset on the sample corpus, recorded in a run
 * directory as {@code --train} records it.
 */
public enum TrainingTarget {
  OPEN_MODEL("open model, random tokens", null, false),
  TINY("tiny preset, random tokens", Preset.TINY, false),
  SMALL("small preset, random tokens", Preset.SMALL, false),
  CORPUS_TINY("new tiny run on the sample corpus", Preset.TINY, true);

  private final String label;
  private final Preset preset;
  private final boolean corpus;

  TrainingTarget(String label, Preset preset, boolean corpus) {
    this.label = label;
    this.preset = preset;
    this.corpus = corpus;
  }

  /** The preset, or null for the open model. */
  public Preset preset() {
    return preset;
  }

  /** Whether this trains on a corpus into a run directory (the view asks where). */
  public boolean corpus() {
    return corpus;
  }

  @Override
  public String toString() {
    return label;
  }
}
