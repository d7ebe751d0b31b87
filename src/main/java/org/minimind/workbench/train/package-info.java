/**
 * Training: the loop ({@link org.minimind.workbench.train.Trainer}), AdamW as PyTorch computes it,
 * MiniMind's learning-rate schedule, presets, and the listener interface through which the console,
 * metrics files and the GUI observe a run.
 */
package org.minimind.workbench.train;
