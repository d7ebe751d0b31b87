package org.minimind.workbench.app.dashboard;

import org.minimind.workbench.train.Preset;

/** What the dashboard trains: the open checkpoint (continued), or a fresh model of a preset. */
public enum TrainingTarget {
  OPEN_MODEL("open model", null),
  TINY("tiny preset", Preset.TINY),
  SMALL("small preset", Preset.SMALL);

  private final String label;
  private final Preset preset;

  TrainingTarget(String label, Preset preset) {
    this.label = label;
    this.preset = preset;
  }

  /** The preset, or null for the open model. */
  public Preset preset() {
    return preset;
  }

  @Override
  public String toString() {
    return label;
  }
}
