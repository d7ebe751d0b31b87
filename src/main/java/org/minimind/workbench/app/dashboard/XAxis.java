package org.minimind.workbench.app.dashboard;

import org.minimind.workbench.metrics.MetricsColumns;

/** What the dashboard's charts are drawn against: a column of {@code metrics.csv}. */
public enum XAxis {
  STEP("step", MetricsColumns.STEP),
  TOKENS("tokens seen", MetricsColumns.TOKENS),
  WALL_TIME("wall time (s)", MetricsColumns.ELAPSED);

  private final String label;
  private final String column;

  XAxis(String label, String column) {
    this.label = label;
    this.column = column;
  }

  /** The axis label, also the choice's text. */
  public String label() {
    return label;
  }

  /** The {@code metrics.csv} column the x values come from. */
  public String column() {
    return column;
  }

  @Override
  public String toString() {
    return label;
  }
}
