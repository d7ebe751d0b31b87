/**
 * Charts: building chartfx charts the same way everywhere (no animation, units off, zoom and pan),
 * reducing long series to what a plot can show ({@link
 * org.minimind.workbench.app.chart.Downsampler}), EMA smoothing, and exporting charts to PNG and
 * tables to CSV. {@code Downsampler}, {@code Smoothing} and {@code XySeries} are toolkit-free.
 */
package org.minimind.workbench.app.chart;
