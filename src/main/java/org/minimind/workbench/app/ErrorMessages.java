package org.minimind.workbench.app;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
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
    if (t instanceof FileSystemException e && e.getFile() != null) {
      // Their message is only the path; say what is wrong with it.
      return e.getFile()
          + (e.getOtherFile() != null ? " -> " + e.getOtherFile() : "")
          + ": "
          + fileProblem(e);
    }
    if (t instanceof FileNotFoundException && t.getMessage() != null) {
      return t.getMessage();
    }
    if (t instanceof OutOfMemoryError) {
      return String.format(
          Locale.ROOT,
          "out of memory (%s; the Java heap holds at most %d MB):"
              + " the input asks for more than that; use smaller sizes or a larger -Xmx",
          t.getMessage(),
          Runtime.getRuntime().maxMemory() >> 20);
    }
    if (t instanceof StackOverflowError) {
      return "stack overflow: the input is nested too deeply to process";
    }
    if (t instanceof ClassCastException
        || t instanceof NullPointerException
        || t instanceof IndexOutOfBoundsException
        || t instanceof ArithmeticException
        || t instanceof NegativeArraySizeException
        || t instanceof ArrayStoreException) {
      // A check is missing somewhere: say so rather than showing the exception's raw text.
      return "internal error ("
          + t.getClass().getSimpleName()
          + "); the stack trace (--verbose)"
          + " shows where";
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

  private static String fileProblem(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    return e.getReason() != null
        ? e.getReason()
        : "cannot be used (" + e.getClass().getSimpleName() + ")";
  }
}
