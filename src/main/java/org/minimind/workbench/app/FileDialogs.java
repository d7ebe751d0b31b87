package org.minimind.workbench.app;

import java.nio.file.Path;
import java.util.Optional;

/** Asks the user for files and folders; views use it so that tests can answer without dialogs. */
public interface FileDialogs {
  /** Cancels every dialog: for a window nobody sits at (--screenshot, tests). */
  FileDialogs NONE =
      new FileDialogs() {
        @Override
        public Optional<Path> openFile(String title, String... extensions) {
          return Optional.empty();
        }

        @Override
        public Optional<Path> openDirectory(String title) {
          return Optional.empty();
        }

        @Override
        public Optional<Path> saveFile(String title, String initialName) {
          return Optional.empty();
        }
      };

  /** A file to open, filtered by extension ("safetensors", "pth"), or empty if cancelled. */
  Optional<Path> openFile(String title, String... extensions);

  /** A directory to open, or empty if cancelled. */
  Optional<Path> openDirectory(String title);

  /** A file to write, proposed as {@code initialName}, or empty if cancelled. */
  Optional<Path> saveFile(String title, String initialName);
}
