package org.minimind.workbench.app.run;

/**
 * Each memory slot's L2 change over the latest logging interval ({@code slot_drift.bin}, or the
 * live trainer's {@code onSlotDrift}).
 *
 * @param step the step at the end of the interval
 * @param perSlotL2Change one distance per slot
 */
public record SlotDrift(long step, float[] perSlotL2Change) {}
