/**
 * Recording runs: metrics tables and their file formats ({@code MetricsCsv}, {@code
 * SlotCountsFile}, {@code SlotDriftFile}), process and device measurements. Where these files sit
 * in a run directory is the business of {@code org.minimind.workbench.run}.
 */
package org.minimind.workbench.metrics;
