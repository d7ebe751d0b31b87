/**
 * The slot page: what one memory slot of one layer is selected for and what it does. Its numbers
 * and contexts come from the checkpoint's slot index (found beside the checkpoint, or built from
 * the page over the run's validation documents), its logit effects from the model with the slot
 * removed, its history from the run's records. Opened by a click on any slot grid or a typed {@code
 * layer:slot}.
 */
package org.minimind.workbench.app.slotpage;
