package org.minimind.workbench.app.dashboard;

/** The dashboard's charts, in display order (three per row). */
public enum DashboardPanel {
  LOSS(
      "Cross entropy and validation loss; balance loss (thin, right axis)",
      "cross entropy",
      false,
      "balance loss"),
  LEARNING_RATE("Learning rate", "lr"),
  THROUGHPUT("Throughput", "tokens/s"),
  GINI("Gini coefficient of slot use", "gini"),
  COVERAGE("Coverage (slots selected)", "share of slots"),
  KL("KL(uniform || slot use)", "kl"),
  DEAD_HOT("Dead (thick) and hot (thin) slots", "slots"),
  VARIANCE("Selection-count variance", "variance"),
  GRADIENT_NORM("Gradient norm per parameter group (log scale)", "L2 norm", true, null);

  private final String title;
  private final String yLabel;
  private final boolean logY;
  private final String rightLabel;

  DashboardPanel(String title, String yLabel) {
    this(title, yLabel, false, null);
  }

  DashboardPanel(String title, String yLabel, boolean logY, String rightLabel) {
    this.title = title;
    this.yLabel = yLabel;
    this.logY = logY;
    this.rightLabel = rightLabel;
  }

  /**
   * The label of a second y axis on the right, for lines on another scale (the balance loss beside
   * the cross entropy), or null for a chart with one.
   */
  public String rightLabel() {
    return rightLabel;
  }

  /** Whether the y axis is logarithmic (gradient norms span orders of magnitude). */
  public boolean logY() {
    return logY;
  }

  public String title() {
    return title;
  }

  public String yLabel() {
    return yLabel;
  }
}
