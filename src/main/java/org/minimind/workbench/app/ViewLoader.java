package org.minimind.workbench.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads a view's FXML ({@code fxml/X.fxml} on the class path) with a controller that already holds
 * its view-model: the FXML names its controller class, and the loader hands over the instance
 * instead of letting FXMLLoader construct one.
 */
public final class ViewLoader {
  /** The workbench's style sheet, added to every scene. */
  public static final String STYLESHEET = "/styles/workbench.css";

  private ViewLoader() {}

  /** Loads {@code fxml/<name>} bound to {@code controller} and returns its root. */
  public static Parent load(String name, Object controller) {
    URL url = ViewLoader.class.getResource("/fxml/" + name);
    if (url == null) {
      throw new IllegalStateException("view fxml/" + name + " is not on the class path");
    }
    FXMLLoader loader = new FXMLLoader(url);
    loader.setControllerFactory(
        type -> {
          if (!type.isInstance(controller)) {
            throw new IllegalStateException(
                "fxml/"
                    + name
                    + " expects a "
                    + type.getName()
                    + ", got "
                    + controller.getClass().getName());
          }
          return controller;
        });
    try {
      return loader.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load fxml/" + name, e);
    }
  }

  /** The style sheet's URL, for scenes. */
  public static String stylesheet() {
    URL url = ViewLoader.class.getResource(STYLESHEET);
    if (url == null) {
      throw new IllegalStateException(STYLESHEET + " is not on the class path");
    }
    return url.toExternalForm();
  }
}
