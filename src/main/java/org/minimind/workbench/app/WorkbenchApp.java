package org.minimind.workbench.app;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.minimind.workbench.app.run.RunDirectoryReader;
import org.minimind.workbench.model.DeviceChoice;

/**
 * The workbench window. Started by {@link WorkbenchLauncher} (a main class that extends {@code
 * Application} does not start from a plain class path).
 */
public final class WorkbenchApp extends Application {
  /** Window size: also the size screenshots are taken at. */
  public static final double WIDTH = 1400;

  public static final double HEIGHT = 900;

  private Workbench workbench;

  @Override
  public void start(Stage stage) {
    FxTaskExecutor executor = new FxTaskExecutor();
    workbench = new Workbench(executor, new FxFileDialogs(() -> stage), new RunDirectoryReader());
    Scene scene = new Scene(workbench.root(), WIDTH, HEIGHT);
    scene.getStylesheets().add(ViewLoader.stylesheet());
    stage.setScene(scene);
    stage.titleProperty().bind(workbench.mainViewModel().titleProperty());
    stage.show();
    DeviceChoice device = WorkbenchLauncher.device();
    if (device != null) {
      workbench.state().deviceProperty().set(device);
    }
    Path initial = WorkbenchLauncher.initialPath();
    workbench.start(
        initial,
        WorkbenchLauncher.comparedRuns(),
        WorkbenchLauncher.tokenizerPath(),
        WorkbenchLauncher.followRun());
  }

  @Override
  public void stop() {
    if (workbench != null) {
      workbench.close();
    }
  }
}
