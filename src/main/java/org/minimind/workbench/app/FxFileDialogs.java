package org.minimind.workbench.app;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * {@link FileDialogs} as JavaFX choosers over the workbench window, remembering the last folder.
 */
public final class FxFileDialogs implements FileDialogs {
  private final Supplier<Window> owner;
  private File lastDirectory;

  public FxFileDialogs(Supplier<Window> owner) {
    this.owner = owner;
  }

  @Override
  public Optional<Path> openFile(String title, String... extensions) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(title);
    if (extensions.length > 0) {
      chooser
          .getExtensionFilters()
          .add(
              new FileChooser.ExtensionFilter(
                  String.join(", ", extensions),
                  Arrays.stream(extensions).map(e -> "*." + e).toList()));
    }
    initial(chooser);
    return remember(chooser.showOpenDialog(owner.get()));
  }

  @Override
  public Optional<Path> openDirectory(String title) {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle(title);
    if (lastDirectory != null && lastDirectory.isDirectory()) {
      chooser.setInitialDirectory(lastDirectory);
    }
    File dir = chooser.showDialog(owner.get());
    if (dir != null) {
      lastDirectory = dir.getParentFile();
    }
    return Optional.ofNullable(dir).map(File::toPath);
  }

  @Override
  public Optional<Path> saveFile(String title, String initialName) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(title);
    chooser.setInitialFileName(initialName);
    initial(chooser);
    return remember(chooser.showSaveDialog(owner.get()));
  }

  private void initial(FileChooser chooser) {
    if (lastDirectory != null && lastDirectory.isDirectory()) {
      chooser.setInitialDirectory(lastDirectory);
    }
  }

  private Optional<Path> remember(File file) {
    if (file != null) {
      lastDirectory = file.getParentFile();
    }
    return Optional.ofNullable(file).map(File::toPath);
  }
}
