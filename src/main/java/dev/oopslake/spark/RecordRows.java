package dev.oopslake.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Domain records as rows of a table schema, bound by name: component {@code crashes7d} fills column
 * {@code crashes_7d}, whatever order either lists them in. A component without its column, or a
 * column without its component, fails at once rather than shifting every value after it.
 */
final class RecordRows {
  private RecordRows() {}

  /** {@code records} as a one-partition Dataset of {@code schema}. */
  static Dataset<Row> of(SparkSession spark, List<? extends Record> records, StructType schema) {
    List<Row> rows = records.stream().map(r -> row(r, schema)).toList();
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  static Row row(Record r, StructType schema) {
    RecordComponent[] components = r.getClass().getRecordComponents();
    if (components.length != schema.size()) {
      throw new IllegalStateException(
          r.getClass().getSimpleName()
              + " has "
              + components.length
              + " fields, its table "
              + schema.size()
              + " columns");
    }
    Object[] values = new Object[schema.size()];
    for (RecordComponent c : components) {
      int i = schema.fieldIndex(column(c.getName()));
      try {
        values[i] = value(c.getAccessor().invoke(r));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r, e);
      }
    }
    return RowFactory.create(values);
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
