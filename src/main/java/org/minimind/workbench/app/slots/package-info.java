/**
 * The slot kit the memory views share: the prompt they look at and its trace ({@link
 * org.minimind.workbench.app.slots.SlotFocus}), a slot grid's data ({@link
 * org.minimind.workbench.app.slots.SlotGridModel}, toolkit-free) and chart ({@link
 * org.minimind.workbench.app.slots.SlotGridChart}), the slots highlighted, the slot a click chose
 * ({@link org.minimind.workbench.app.slots.SlotRef}) and CSV export. The features (heatmap, token x
 * slot view, generation) build on it and not on each other.
 */
package org.minimind.workbench.app.slots;
