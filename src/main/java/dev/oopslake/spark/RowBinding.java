package dev.oopslake.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Rows of one schema built from a source value, each column bound by its field name to how its
 * value is taken from the source. The bindings are checked against the schema once, when the
 * binding is made (in a static field: when the class loads), and put in schema order there, so no
 * value is ever matched to a column by position: a column added, dropped or renamed in the schema
 * without its binding fails at once instead of shifting every value after it.
 */
final class RowBinding<T> {
  private final List<Function<T, Object>> inSchemaOrder;

  private RowBinding(List<Function<T, Object>> inSchemaOrder) {
    this.inSchemaOrder = inSchemaOrder;
  }

  /**
   * {@code columns} (field name to value) bound to {@code schema}; fails naming every field without
   * a binding and every binding without a field.
   */
  static <T> RowBinding<T> of(StructType schema, Map<String, Function<T, Object>> columns) {
    TreeSet<String> unbound = new TreeSet<>(List.of(schema.fieldNames()));
    unbound.removeAll(columns.keySet());
    TreeSet<String> unknown = new TreeSet<>(columns.keySet());
    unknown.removeAll(List.of(schema.fieldNames()));
    if (!unbound.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalStateException(
          "row bindings do not match the schema: fields without a binding "
              + unbound
              + ", bindings without a field "
              + unknown);
    }
    List<Function<T, Object>> ordered = new ArrayList<>();
    for (String name : schema.fieldNames()) {
      ordered.add(columns.get(name));
    }
    return new RowBinding<>(List.copyOf(ordered));
  }

  /** The row of {@code source}: each column's value, in the schema's field order. */
  Row toRow(T source) {
    Object[] values = new Object[inSchemaOrder.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = inSchemaOrder.get(i).apply(source);
    }
    return RowFactory.create(values);
  }
}
