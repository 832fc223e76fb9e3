package dev.oopslake.spark.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.signature.CrashKind;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** The stack table reads each signature's kind from its title, and still reads rows without one. */
class StackTableTest {

  static final StructType WITH_TITLE = SignatureStage.NODE_SCHEMA;

  private static final StructType WITHOUT_TITLE =
      new StructType()
          .add("signature_id", DataTypes.StringType)
          .add("class", DataTypes.StringType)
          .add("frames", DataTypes.createArrayType(DataTypes.StringType))
          .add("is_new", DataTypes.BooleanType);

  @Test
  void kindsComeFromTitlesAndSameStacksOfTwoKindsStayApart() {
    List<String> stack = List.of("gizmo_fill [gizmo]", "gizmo_xmit [gizmo]");
    ClusterFunctions.StackTable t =
        new ClusterFunctions.StackTable(
            List.of(
                row(
                    WITH_TITLE,
                    "a",
                    "kasan-out-of-bounds",
                    "KASAN: slab-out-of-bounds Read in gizmo_fill",
                    stack,
                    true),
                row(
                    WITH_TITLE,
                    "b",
                    "kasan-out-of-bounds",
                    "KASAN: stack-out-of-bounds Read in gizmo_fill",
                    stack,
                    false)));
    assertThat(t.kinds[0])
        .isEqualTo(
            CrashKind.of("kasan-out-of-bounds", "KASAN: slab-out-of-bounds Read in x").key());
    assertThat(t.kinds[0]).isNotEqualTo(t.kinds[1]);
    assertThat(t.kindOf()).containsKeys("a", "b");
    assertThat(t.stack(1)).isEqualTo(stack);
    assertThat(t.isNew).containsExactly(true, false);
  }

  @Test
  void rowsWithoutATitleAreKeptApartByClassOnly() {
    ClusterFunctions.StackTable t =
        new ClusterFunctions.StackTable(
            List.of(row(WITHOUT_TITLE, "a", "warning", null, List.of("f"), true)));
    assertThat(t.kinds[0]).isEqualTo(CrashKind.of("warning", null).key());
    assertThat(t.stack(0)).containsExactly("f");
    assertThat(t.isNew[0]).isTrue();
  }

  private static Row row(
      StructType schema, String id, String cls, String title, List<String> frames, boolean isNew) {
    Object f = CollectionConverters.asScala(frames).toSeq();
    Object[] values =
        schema.fieldNames().length == 5
            ? new Object[] {id, cls, title, f, isNew}
            : new Object[] {id, cls, f, isNew};
    return new GenericRowWithSchema(values, schema);
  }
}
