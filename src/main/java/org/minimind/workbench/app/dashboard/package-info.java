/**
 * The training dashboard: start, pause and stop a run, or follow one written by another process,
 * and plot its metrics (loss, learning rate, throughput, per-layer slot statistics, gradient norms
 * per parameter group) with smoothing, per-layer toggles and other runs overlaid.
 */
package org.minimind.workbench.app.dashboard;
