package org.minimind.workbench.data;

/** The side of the train/validation split a document belongs to. */
public enum Split {
  TRAIN,
  VALIDATION
}
