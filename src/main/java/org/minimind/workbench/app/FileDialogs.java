package org.minimind.workbench.app;

import java.nio.file.Path;
import java.util.Optional;

/** Asks the user for files and folders; views use it so that tests can answer without dialogs. */
public interface FileDialogs {
  /** A file to open, filtered by extension ("safetensors", "pth"), or empty if cancelled. */
  Optional<Path> openFile(String title, String... extensions);

  /** A directory to open, or empty if cancelled. */
  Optional<Path> openDirectory(String title);

  /** A file to write, proposed as {@code initialName}, or empty if cancelled. */
  Optional<Path> saveFile(String title, String initialName);
}
