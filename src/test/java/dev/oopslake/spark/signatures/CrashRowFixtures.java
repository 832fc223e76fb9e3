package dev.oopslake.spark.signatures;

import dev.oopslake.signature.CrashSignature;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-built rows of the {@code crashes} table (the columns the nightly job writes that this stage
 * reads), for tests and the benchmark. Frames are given already normalized; the display frames get
 * made-up offsets so they look like the real column.
 */
public final class CrashRowFixtures {

  /** The {@code crashes} columns the signature stage relies on. */
  public static final StructType SCHEMA =
      new StructType()
          .add("file", DataTypes.StringType)
          .add("host", DataTypes.StringType)
          .add("crash_time", DataTypes.TimestampType)
          .add("report_index", DataTypes.IntegerType)
          .add("primary", DataTypes.BooleanType)
          .add("class", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("kernel_release", DataTypes.StringType)
          .add("arch", DataTypes.StringType)
          .add("guilty_frame", DataTypes.StringType)
          .add("guilty_module", DataTypes.StringType)
          .add("frames", DataTypes.createArrayType(DataTypes.StringType))
          .add("signature_id", DataTypes.StringType)
          .add("signature_version", DataTypes.IntegerType)
          .add("signature_frames", DataTypes.createArrayType(DataTypes.StringType));

  private CrashRowFixtures() {}

  /** One primary crash report with the given normalized stack (top first). */
  public static Row crash(
      String file,
      String host,
      Instant time,
      String crashClass,
      List<String> stack,
      String kernel) {
    CrashSignature sig = CrashSignature.ofNormalized(crashClass, stack);
    List<String> display = new ArrayList<>(stack.size());
    for (int i = 0; i < stack.size(); i++) {
      String f = stack.get(i);
      int bracket = f.indexOf(" [");
      String fn = bracket < 0 ? f : f.substring(0, bracket);
      String mod = bracket < 0 ? "" : f.substring(bracket);
      display.add(fn + "+0x" + Integer.toHexString(16 + i * 7) + "/0x200" + mod);
    }
    String top = stack.isEmpty() ? "" : stack.get(0);
    int bracket = top.indexOf(" [");
    String guiltyFrame = bracket < 0 ? top : top.substring(0, bracket);
    String guiltyModule = bracket < 0 ? null : top.substring(bracket + 2, top.length() - 1);
    return RowFactory.create(
        file,
        host,
        time == null ? null : Timestamp.from(time),
        0,
        true,
        crashClass,
        crashClass + " in " + (guiltyFrame.isEmpty() ? "?" : guiltyFrame),
        kernel,
        "x86_64",
        guiltyFrame,
        guiltyModule,
        display,
        sig.id(),
        sig.version(),
        sig.frames());
  }
}
