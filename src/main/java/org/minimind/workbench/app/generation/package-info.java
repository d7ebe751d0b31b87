/**
 * Live generation: a prompt, the sampling controls (temperature, top-p, top-k, repetition penalty,
 * max tokens, seed), the text streaming in token by token with its speed, and for each generated
 * token its probability, the five most likely alternatives and the memory slots read to predict it,
 * highlighted on the heatmaps.
 */
package org.minimind.workbench.app.generation;
