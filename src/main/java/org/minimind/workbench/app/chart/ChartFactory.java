package org.minimind.workbench.app.chart;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;

/**
 * Builds the workbench's charts the same way everywhere: no animation (deterministic pictures), no
 * "[]" unit suffix on axis labels, zoom with the left mouse button and the wheel, pan with the
 * middle button, a fixed preferred size. Colours and line widths come from {@code
 * styles/workbench.css}.
 */
public final class ChartFactory {
  private ChartFactory() {}

  /** A line chart of metrics over training steps. */
  public static XYChart lineChart(String title, String xLabel, String yLabel) {
    DefaultNumericAxis x = axis(xLabel, Side.BOTTOM);
    DefaultNumericAxis y = axis(yLabel, Side.LEFT);
    y.setForceZeroInRange(false);
    XYChart chart = new XYChart(x, y);
    chart.setTitle(title);
    chart.setAnimated(false);
    chart.getStyleClass().add("workbench-chart");
    ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
    renderer.setErrorStyle(ErrorStyle.NONE);
    renderer.setDrawMarker(false);
    renderer.setPolyLineStyle(LineStyle.NORMAL);
    chart.getRenderers().setAll(renderer);
    Zoomer zoomer = new Zoomer();
    zoomer.setPannerEnabled(true);
    zoomer.setSliderVisible(false);
    chart.getPlugins().add(zoomer);
    chart.setPrefSize(420, 260);
    return chart;
  }

  /** A bar chart (histogram) with the bars drawn as a filled step line. */
  public static XYChart histogramChart(String title, String xLabel, String yLabel) {
    XYChart chart = lineChart(title, xLabel, yLabel);
    ErrorDataSetRenderer renderer = (ErrorDataSetRenderer) chart.getRenderers().get(0);
    renderer.setPolyLineStyle(LineStyle.HISTOGRAM_FILLED);
    ((DefaultNumericAxis) chart.getYAxis()).setForceZeroInRange(true);
    return chart;
  }

  /** A numeric axis labelled {@code label} without a unit. */
  public static DefaultNumericAxis axis(String label, Side side) {
    DefaultNumericAxis axis = new DefaultNumericAxis(label);
    axis.setUnit(null);
    axis.setSide(side);
    axis.setAnimated(false);
    axis.setAutoRangeRounding(false);
    axis.setAutoRangePadding(0.02);
    return axis;
  }
}
