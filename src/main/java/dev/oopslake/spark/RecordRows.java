package dev.oopslake.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Domain records as rows of a table schema, bound by name through {@link RowBinding}: component
 * {@code crashes7d} fills column {@code crashes_7d}, whatever order either lists them in.
 */
final class RecordRows {
  private RecordRows() {}

  /** {@code records} as rows of {@code schema}. */
  static <R extends Record> List<Row> of(Class<R> type, List<R> records, StructType schema) {
    RowBinding<R> binding = binding(type, schema);
    return records.stream().map(binding::toRow).toList();
  }

  /** Each component of {@code type} bound to the column its name gives. */
  static <R extends Record> RowBinding<R> binding(Class<R> type, StructType schema) {
    Map<String, Function<R, Object>> columns = new LinkedHashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Method accessor = c.getAccessor();
      columns.put(column(c.getName()), r -> value(read(accessor, r)));
    }
    return RowBinding.of(schema, columns);
  }

  private static Object read(Method accessor, Record r) {
    try {
      return accessor.invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + accessor.getName() + " of " + r, e);
    }
  }

  /** {@code ratePer1000HostDays} -> {@code rate_per_1000_host_days}. */
  static String column(String component) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < component.length(); i++) {
      char ch = component.charAt(i);
      char before = i == 0 ? 0 : component.charAt(i - 1);
      if (Character.isUpperCase(ch) || (Character.isDigit(ch) && Character.isLetter(before))) {
        out.append('_');
      }
      out.append(Character.toLowerCase(ch));
    }
    return out.toString();
  }

  private static Object value(Object v) {
    if (v instanceof LocalDate d) {
      return Date.valueOf(d);
    }
    if (v instanceof Instant t) {
      return Timestamp.from(t);
    }
    if (v instanceof List<?> l) {
      return l.toArray();
    }
    return v;
  }
}
