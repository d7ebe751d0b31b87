package org.minimind.workbench.app.generation;

import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.minimind.workbench.app.slots.SlotRef;
import org.minimind.workbench.model.Intervention;
import org.minimind.workbench.model.ModelConfig;

/**
 * The generation view's intervention row: slots to ablate and how, layers whose memory read is off,
 * slots to force, written as on the command line ({@code L:ID,...}, {@code L,...}). All empty means
 * no intervention. The text is checked against the open model on every change, so that a mistake
 * shows beside the row before anything is generated.
 */
public final class InterventionForm {
  private final StringProperty ablate = new SimpleStringProperty(this, "ablate", "");
  private final ObjectProperty<Intervention.Mode> mode =
      new SimpleObjectProperty<>(this, "mode", Intervention.Mode.REMOVE);
  private final StringProperty layersOff = new SimpleStringProperty(this, "layersOff", "");
  private final StringProperty force = new SimpleStringProperty(this, "force", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private ModelConfig config;

  public InterventionForm() {
    for (Observable o : new Observable[] {ablate, mode, layersOff, force}) {
      o.addListener(x -> check());
    }
  }

  /** Checks the fields against {@code model} from now on (null: only their syntax). */
  public void checkAgainst(ModelConfig model) {
    config = model;
    check();
  }

  private void check() {
    try {
      intervention();
      error.set("");
    } catch (IllegalArgumentException e) {
      error.set(e.getMessage());
    }
  }

  /**
   * What the fields say, checked against the model given to {@link #checkAgainst} ({@link
   * Intervention#none()} when all are empty).
   *
   * @throws IllegalArgumentException naming the field and the value at fault
   */
  public Intervention intervention() {
    Intervention iv =
        new Intervention(
            blank(ablate) ? new TreeMap<>() : Intervention.slots(ablate.get(), "ablate"),
            mode.get(),
            blank(layersOff)
                ? new TreeSet<>()
                : Intervention.layerList(layersOff.get(), "layers off"),
            blank(force) ? new TreeMap<>() : Intervention.slots(force.get(), "force"));
    if (config != null) {
      iv.validateFor(config);
    }
    return iv;
  }

  private static boolean blank(StringProperty p) {
    return p.get() == null || p.get().isBlank();
  }

  /**
   * Adds {@code slot} to the slots to ablate (nothing when it is there already), leaving the rest
   * of the field as written.
   */
  public void ablate(SlotRef slot) {
    String text = ablate.get() == null ? "" : ablate.get().trim();
    try {
      SortedSet<Integer> there =
          text.isEmpty()
              ? new TreeSet<>()
              : Intervention.slots(text, "ablate").getOrDefault(slot.layer(), new TreeSet<>());
      if (there.contains(slot.slot())) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // the field holds a mistake: append all the same, the error stays in view
    }
    String item = slot.layer() + ":" + slot.slot();
    ablate.set(text.isEmpty() ? item : text + "," + item);
  }

  /** Slots to ablate, {@code L:ID,L:ID,...}. */
  public StringProperty ablateProperty() {
    return ablate;
  }

  /** How the ablated slots are ablated. */
  public ObjectProperty<Intervention.Mode> modeProperty() {
    return mode;
  }

  /** Layers whose memory read is zeros, {@code L,L,...}. */
  public StringProperty layersOffProperty() {
    return layersOff;
  }

  /** Slots forced into every selection of their layer, {@code L:ID,...}. */
  public StringProperty forceProperty() {
    return force;
  }

  /** Why the fields do not make an intervention for the open model; empty when they do. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
