package org.minimind.workbench.model.generate;

/** Why a generation ended. */
public enum StopReason {
  /** The end-of-text token was generated (it is the last id; its text is empty). */
  EOS,
  /** The text ends with one of the stop strings (it is included in the text). */
  STOP_STRING,
  /** The requested number of new tokens was generated. */
  MAX_NEW_TOKENS,
  /** The sequence filled the model's context under {@link ContextPolicy#STOP}. */
  CONTEXT_FULL,
  /** Cancelled from outside; tokens generated so far are kept. */
  CANCELLED
}
