/**
 * The JavaFX workbench: views (FXML controllers), their view-models and the chart wrappers.
 *
 * <p>Each feature is a file triplet with one stem, as in JabRef: {@code XView} (a thin FXML
 * controller that binds and delegates), {@code XViewModel} (state as properties, logic that runs
 * without a toolkit) and {@code fxml/X.fxml}, styled by {@code styles/workbench.css}. Work that
 * touches the model (loading, forward passes, training, generation) goes through one {@link
 * org.minimind.workbench.app.TaskExecutor}, never on the FX thread; tests use the same-thread
 * variant. Nothing below this package knows of JavaFX or chartfx.
 *
 * <p>Subpackages by feature: {@code run} (a run's recorded metrics and the live training session),
 * {@code chart} (chart construction, downsampling, smoothing, export), {@code dashboard}, {@code
 * slots} (the kit the memory views share: slot grids, the prompt they trace, highlights, the slot a
 * click chose, CSV export), {@code heatmap} (the heatmap and the token x slot view), {@code drift},
 * {@code info}, {@code generation} and {@code screenshot} (the headless {@code --screenshot} mode).
 */
package org.minimind.workbench.app;
