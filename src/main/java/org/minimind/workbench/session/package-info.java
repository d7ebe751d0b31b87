/**
 * Training sessions on disk: assembling a corpus, a tokenizer, a model and a {@link
 * org.minimind.workbench.train.Trainer} into a run directory, new or resumed. Shared by the command
 * line and the GUI so that both run the same loop.
 */
package org.minimind.workbench.session;
