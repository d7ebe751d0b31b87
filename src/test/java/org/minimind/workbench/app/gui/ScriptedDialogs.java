package org.minimind.workbench.app.gui;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.minimind.workbench.app.FileDialogs;

/**
 * File dialogs that answer what a test scripted, in order, as if the user had picked those paths;
 * with nothing scripted the dialog is cancelled. Keeps the titles asked, so a test can check which
 * dialog a menu item opened.
 */
final class ScriptedDialogs implements FileDialogs {
  private final Deque<Path> answers = new ArrayDeque<>();
  private final List<String> asked = new ArrayList<>();

  /** The next dialog answers {@code path}. */
  synchronized void willChoose(Path path) {
    answers.add(path);
  }

  /** Titles of the dialogs opened so far. */
  synchronized List<String> asked() {
    return List.copyOf(asked);
  }

  private synchronized Optional<Path> answer(String title) {
    asked.add(title);
    return Optional.ofNullable(answers.poll());
  }

  @Override
  public Optional<Path> openFile(String title, String... extensions) {
    return answer(title);
  }

  @Override
  public Optional<Path> openDirectory(String title) {
    return answer(title);
  }

  @Override
  public Optional<Path> saveFile(String title, String initialName) {
    return answer(title);
  }
}
