package org.minimind.workbench.app.chart;

import io.fair_acc.chartfx.Chart;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.axes.spi.format.AbstractFormatter;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;
import javafx.scene.input.MouseEvent;

/**
 * Builds the workbench's charts the same way everywhere: no animation (deterministic pictures), no
 * "[]" unit suffix on axis labels, zoom with the left mouse button and the wheel, pan with the
 * middle button, a tooltip with the value of the point under the mouse, a fixed preferred size.
 * Colours and line widths come from {@code styles/workbench.css}.
 */
public final class ChartFactory {
  /** The x label of charts over training steps (their ticks stay on whole steps). */
  public static final String STEP = "step";

  private ChartFactory() {}

  /** A line chart of metrics over training steps. */
  public static XYChart lineChart(String title, String xLabel, String yLabel) {
    DefaultNumericAxis x = axis(xLabel, Side.BOTTOM);
    DefaultNumericAxis y = axis(yLabel, Side.LEFT);
    if (xLabel.equals(STEP)) {
      integerTicks(x, false);
    }
    y.setForceZeroInRange(false);
    XYChart chart = new XYChart(x, y);
    chart.setTitle(title);
    chart.setAnimated(false);
    chart.getStyleClass().add("workbench-chart");
    ErrorDataSetRenderer renderer = lineRenderer();
    // chartfx draws with the chart's axes either way, but DataPointTooltip looks for the
    // renderer's own axes and shows nothing without them
    renderer.getAxes().setAll(x, y);
    chart.getRenderers().setAll(renderer);
    chart.getPlugins().add(zoomer());
    withoutHoverToolBar(chart);
    DataPointTooltip tooltip = new DataPointTooltip(12); // hover a point: its step and value
    chart.getPlugins().add(tooltip);
    // the plugin hides its label only on a move inside the chart: also when the pointer leaves
    chart.addEventHandler(MouseEvent.MOUSE_EXITED, e -> tooltip.getChartChildren().clear());
    chart.setPrefSize(420, 260);
    return chart;
  }

  /**
   * Gives {@code chart} a second y axis on the right, labelled {@code label}, for the lines of
   * {@code datasets} (kept in step with the list), drawn like the chart's own.
   */
  public static void addRightAxis(
      XYChart chart, String label, javafx.collections.ObservableList<DataSet> datasets) {
    DefaultNumericAxis y = axis(label, Side.RIGHT);
    y.setForceZeroInRange(false);
    ErrorDataSetRenderer renderer = lineRenderer();
    renderer.getAxes().setAll(chart.getXAxis(), y);
    javafx.beans.binding.Bindings.bindContent(renderer.getDatasets(), datasets);
    chart.getRenderers().add(renderer);
  }

  private static ErrorDataSetRenderer lineRenderer() {
    ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
    renderer.setErrorStyle(ErrorStyle.NONE);
    renderer.setDrawMarker(false);
    renderer.setPolyLineStyle(LineStyle.NORMAL);
    // Lines hold at most a few thousand points (reduced to min/max pairs), cheap to map to the
    // screen on the FX thread. The parallel mapping hands even one short line to a pool thread
    // and makes the FX thread wait for it: with training on both cores, pulses came up to 250 ms
    // apart (ResponsivenessUiTest).
    renderer.setParallelImplementation(false);
    return renderer;
  }

  /**
   * Makes {@code axis} logarithmic, its range rounded out to whole decades: a log axis labels only
   * decades, and lines within one decade (gradient norms between 0.2 and 0.9) would otherwise have
   * no label at all.
   */
  public static void logAxis(DefaultNumericAxis axis) {
    axis.setLogAxis(true);
    axis.setAutoRangeRounding(true);
  }

  /** A bar chart (histogram) with the bars drawn as a filled step line. */
  public static XYChart histogramChart(String title, String xLabel, String yLabel) {
    XYChart chart = lineChart(title, xLabel, yLabel);
    ErrorDataSetRenderer renderer = (ErrorDataSetRenderer) chart.getRenderers().get(0);
    renderer.setPolyLineStyle(LineStyle.HISTOGRAM_FILLED);
    ((DefaultNumericAxis) chart.getYAxis()).setForceZeroInRange(true);
    return chart;
  }

  /**
   * Keeps the axis's ticks on whole numbers: steps and slot rows never fall between integers. With
   * {@code powersOfTwo} the spacing is 1, 2, 4, 8, ... (the product-key grid's side is a power of
   * two in every preset), otherwise 1, 2, 5, 10, 20, 50, ...
   */
  public static void integerTicks(DefaultNumericAxis axis, boolean powersOfTwo) {
    if (axis.getAxisLabelFormatter() instanceof AbstractFormatter f) {
      f.setTickUnitSupplier(raw -> powersOfTwo ? powerOfTwoAtLeast(raw) : niceIntegerAtLeast(raw));
    }
  }

  static double powerOfTwoAtLeast(double raw) {
    double unit = 1;
    while (unit < raw) {
      unit *= 2;
    }
    return unit;
  }

  static double niceIntegerAtLeast(double raw) {
    if (raw <= 1) {
      return 1;
    }
    double decade = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * decade >= raw) {
        return m * decade;
      }
    }
    return 10 * decade;
  }

  /** A numeric axis labelled {@code label} without a unit. */
  public static DefaultNumericAxis axis(String label, Side side) {
    return configure(new DefaultNumericAxis(label), side);
  }

  /** Sets up {@code axis} as {@link #axis} does, for an axis of a subclass. */
  public static <A extends DefaultNumericAxis> A configure(A axis, Side side) {
    axis.setUnit(null);
    axis.setSide(side);
    axis.setAnimated(false);
    axis.setAutoRangeRounding(false);
    axis.setAutoRangePadding(0.02);
    axis.setTickLabelFormatter(Numbers.ticks()); // 20k, 2.5e-4: no Java E-notation
    return axis;
  }

  /** Zoom by dragging a rectangle or turning the wheel, pan with the middle button. */
  public static Zoomer zoomer() {
    Zoomer zoomer = new Zoomer();
    zoomer.setPannerEnabled(true);
    zoomer.setSliderVisible(false);
    zoomer.setAddButtonsToToolBar(false);
    return zoomer;
  }

  /**
   * Keeps chartfx's tool bar from sliding in when the pointer comes near a chart's top edge. It
   * held only the zoom buttons, and its animation left the plot drawn one row off its axis when the
   * pointer crossed the edge on its way into the heatmap (HeatmapUiTest).
   */
  public static void withoutHoverToolBar(Chart chart) {
    chart.getMenuPane().setTriggerDistance(0);
  }
}
