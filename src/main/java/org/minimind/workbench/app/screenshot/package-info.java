/**
 * The {@code --screenshot DIR} mode: renders every view of the workbench without a display
 * (Monocle's headless glass platform, software rendering) and writes one PNG per view.
 */
package org.minimind.workbench.app.screenshot;
