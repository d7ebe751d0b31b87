package org.minimind.workbench.app.dashboard;

/** The dashboard's charts, in display order (three per row). */
public enum DashboardPanel {
  LOSS("Loss (ce + balance loss) and cross entropy", "loss"),
  LEARNING_RATE("Learning rate", "lr"),
  THROUGHPUT("Throughput", "tokens/s"),
  GINI("Gini coefficient of slot use", "gini"),
  COVERAGE("Coverage (slots selected)", "share of slots"),
  KL("KL(uniform || slot use)", "kl"),
  DEAD_HOT("Dead (solid) and hot (dashed) slots", "slots"),
  VARIANCE("Selection-count variance", "variance"),
  GRADIENT_NORM("Gradient norm per parameter group (log scale)", "L2 norm", true);

  private final String title;
  private final String yLabel;
  private final boolean logY;

  DashboardPanel(String title, String yLabel) {
    this(title, yLabel, false);
  }

  DashboardPanel(String title, String yLabel, boolean logY) {
    this.title = title;
    this.yLabel = yLabel;
    this.logY = logY;
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
