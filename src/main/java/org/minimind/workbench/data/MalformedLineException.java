package org.minimind.workbench.data;

/** A JSON Lines line that holds no document; the reader adds file and line to the message. */
final class MalformedLineException extends Exception {

  private static final long serialVersionUID = 1L;

  MalformedLineException(String message) {
    super(message);
  }
}
