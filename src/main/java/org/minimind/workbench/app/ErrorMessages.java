package org.minimind.workbench.app;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failure into the one line a user reads in the view: the message of the innermost cause
 * that has one, never a stack trace (that goes to the log).
 */
public final class ErrorMessages {
  private ErrorMessages() {}

  /** A one-line description of {@code error}, prefixed with what was being done. */
  public static String describe(String doing, Throwable error) {
    return doing + ": " + describe(error);
  }

  /** A one-line description of {@code error}. */
  public static String describe(Throwable error) {
    if (error == null) {
      return "unknown error";
    }
    Throwable t = error;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof NoSuchFileException e) {
      return e.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    if (t instanceof FileNotFoundException && t.getMessage() != null) {
      return t.getMessage();
    }
    if (t instanceof OutOfMemoryError) {
      return "out of memory (" + t.getMessage() + ")";
    }
    String msg = t.getMessage();
    if (msg == null || msg.isBlank()) {
      Throwable cause = t.getCause();
      if (cause != null && cause != t) {
        return describe(cause);
      }
      return t.getClass().getSimpleName();
    }
    // Keep the first line: engine messages sometimes carry native stack traces after it.
    int nl = msg.indexOf('\n');
    return nl > 0 ? msg.substring(0, nl).trim() : msg.trim();
  }
}
