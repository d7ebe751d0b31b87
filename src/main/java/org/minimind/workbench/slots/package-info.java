/**
 * Questions about individual memory slots, answered headless on a loaded model: what changes
 * when slots are ablated or forced ({@link org.minimind.workbench.model.Intervention}) in a
 * generation, and which next tokens a slot makes more or less likely. At the level of {@code
 * session}: used by the command line and the GUI, never using them.
 */
package org.minimind.workbench.slots;
