/**
 * What a memory slot holds and does, answered headless on a loaded model: the slot index (one pass
 * over a corpus: how often each slot is selected and its top contexts), slot reports (a slot's
 * page: statistics, contexts as text, history over training), the reverse question (which slots a
 * token selects), interventions in generation and evaluation ({@link
 * org.minimind.workbench.model.Intervention}: slots removed, zeroed, forced, a layer's read off)
 * and logit effects (which next tokens a slot makes more or less likely). At the level of {@code
 * session}: used by the command line and the window, never using them.
 */
package org.minimind.workbench.slots;
