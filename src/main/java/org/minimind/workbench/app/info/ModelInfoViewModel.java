package org.minimind.workbench.app.info;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.minimind.workbench.app.LoadedModel;
import org.minimind.workbench.app.ParameterSummary;
import org.minimind.workbench.app.WorkbenchState;
import org.minimind.workbench.model.ModelConfig;
import org.minimind.workbench.train.ParameterGroup;

/**
 * The model view: the configuration under the seed's key names, the parameter count of each group
 * with its share (the shared memory bank dominates), and where the model came from.
 */
public final class ModelInfoViewModel {
  private final WorkbenchState state;
  private final ObservableList<InfoRow> config = FXCollections.observableArrayList();
  private final ObservableList<InfoRow> parameters = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper heading =
      new ReadOnlyStringWrapper(this, "heading", "No model open");
  private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");

  public ModelInfoViewModel(WorkbenchState state) {
    this.state = state;
    state.modelProperty().addListener((o, a, b) -> update());
    update();
  }

  private void update() {
    LoadedModel m = state.model();
    if (m == null) {
      config.clear();
      parameters.clear();
      heading.set("No model open");
      details.set("Open a checkpoint directory, a .safetensors or .pth file, or a run directory.");
      return;
    }
    ModelConfig c = m.config();
    config.setAll(configRows(c));
    parameters.setAll(parameterRows(m.parameters()));
    heading.set(m.displayName() + ": " + m.parameters().describe());
    details.set(
        String.format(
            Locale.ROOT,
            "%s%nDevice %s. Tokenizer: %s. Memory: %d slots on a %d x %d product-key grid, %d selected"
                + " per token and layer, each slot %d wide.",
            state.readouts().path(m.source()),
            m.device(),
            m.tokenizer() == null
                ? "none (prompts are typed as token ids)"
                : "byte-level BPE, " + m.tokenizer().vocabSize() + " tokens",
            c.knowledgeNum(),
            c.numKeys(),
            c.numKeys(),
            c.numSelected(),
            c.knowledgeDim()));
  }

  static List<InfoRow> configRows(ModelConfig c) {
    List<InfoRow> rows = new ArrayList<>();
    Map<String, Object> seed = c.toSeedMap();
    for (Map.Entry<String, Object> e : seed.entrySet()) {
      rows.add(new InfoRow(e.getKey(), String.valueOf(e.getValue()), note(e.getKey(), c)));
    }
    return rows;
  }

  private static String note(String key, ModelConfig c) {
    return switch (key) {
      case "dim" -> "model width; head dim " + c.headDim();
      case "n_layers" -> "transformer blocks, each with a memory layer instead of an FFN";
      case "n_heads", "n_kv_heads" -> "grouped-query attention";
      case "vocab_size" -> "tied embedding and output";
      case "knowledge_num" ->
          "memory slots, shared by all blocks (" + c.numKeys() + " x " + c.numKeys() + ")";
      case "knowledge_dim" -> "width of one slot";
      case "num_selected" -> "slots each token reads per layer";
      case "max_seq_len" -> "longest sequence";
      case "memory_variant" -> "continuous: float vectors (1.4.4); token: token ids (1.4.6)";
      case "knowledge_length" -> "token ids per slot (token variant)";
      case "ema_decay", "ema_update_freq" -> "the token variant's EMA write";
      case "knowledge_read" -> "how a token slot is read (token variant)";
      default -> "";
    };
  }

  static List<InfoRow> parameterRows(ParameterSummary p) {
    List<InfoRow> rows = new ArrayList<>();
    for (ParameterGroup g : ParameterGroup.values()) {
      long n = p.byGroup().getOrDefault(g, 0L);
      rows.add(
          new InfoRow(
              g.key(),
              String.format(
                  Locale.ROOT, "%,d (%.1f%%)", n, p.total() == 0 ? 0 : 100.0 * n / p.total()),
              groupNote(g)));
    }
    rows.add(
        new InfoRow(
            "total", String.format(Locale.ROOT, "%,d", p.total()), "tied output counted once"));
    return rows;
  }

  private static String groupNote(ParameterGroup g) {
    return switch (g) {
      case ATTENTION -> "q, k, v, o projections and their norms";
      case MEMORY_GATE -> "sub-keys and gate projection: never get a gradient in the seed's design";
      case FUSION -> "gated memory fusion MLP and its norm";
      case MEMORY_BANK -> "the shared memory bank";
      case EMBEDDINGS -> "token embedding (tied output) and final norm";
    };
  }

  public ObservableList<InfoRow> configRows() {
    return config;
  }

  public ObservableList<InfoRow> parameterRows() {
    return parameters;
  }

  public ReadOnlyStringProperty headingProperty() {
    return heading.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty detailsProperty() {
    return details.getReadOnlyProperty();
  }
}
