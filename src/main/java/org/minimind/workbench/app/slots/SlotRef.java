package org.minimind.workbench.app.slots;

/**
 * One memory slot of one layer: what a click on a slot grid reports.
 *
 * @param layer the block whose memory bank holds it
 * @param slot its index in the bank (row * sqrt(N) + column on the product-key grid)
 */
public record SlotRef(int layer, int slot) {
  public SlotRef {
    if (layer < 0 || slot < 0) {
      throw new IllegalArgumentException(
          "layer (" + layer + ") and slot (" + slot + ") must be >= 0");
    }
  }
}
