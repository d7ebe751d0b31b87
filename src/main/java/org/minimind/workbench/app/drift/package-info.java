/**
 * Memory-bank drift: how far the slots move during training (average and largest L2 change, cosine
 * similarity of the whole bank, share of slots that moved) and the distribution of the per-slot
 * change over the latest interval.
 */
package org.minimind.workbench.app.drift;
