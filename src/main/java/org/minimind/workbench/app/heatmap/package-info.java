/**
 * Where the memory reads: per-layer selection counts on the product-key grid (row = first sub-key,
 * column = second; slot = row * sqrt(N) + column) over a window of training steps or for one
 * prompt, and the token x slot view of a prompt (which slots each layer chose for each token, with
 * their scores).
 */
package org.minimind.workbench.app.heatmap;
