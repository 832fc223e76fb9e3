package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Columns bound by name land in the schema's order, and a binding that misses one is refused. */
class RowBindingTest {
  private static final StructType AB =
      new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType);

  @Test
  void bindingsThatMissAFieldOrNameAnUnknownOneAreRefused() {
    Map<String, Function<String, Object>> columns = new LinkedHashMap<>();
    columns.put("b", s -> s);
    columns.put("c", s -> s);
    assertThatThrownBy(() -> RowBinding.of(AB, columns))
        .as("the message names the unbound field and the unknown binding")
        .hasMessageContaining("[a]")
        .hasMessageContaining("[c]");
  }

  @Test
  void valuesComeOutInSchemaOrder() {
    Map<String, Function<String, Object>> columns = new LinkedHashMap<>();
    columns.put("b", s -> "B" + s);
    columns.put("a", s -> "A" + s);
    Row row = RowBinding.of(AB, columns).toRow("x");
    assertThat(List.of(row.getString(0), row.getString(1)))
        .as("bound in the order b, a; placed a, b as the schema lists them")
        .containsExactly("Ax", "Bx");
  }
}
