package dev.oopslake.spark;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Small hand-made lakes with the morning tables, for the report's tests. */
public final class ReportLakes {
  public static final LocalDate AS_OF = LocalDate.of(2026, 12, 4);

  /** {@code summary_kernel_module} as {@link Summaries#KERNEL_MODULE_SQL} writes it. */
  public static final StructType KERNEL_MODULE =
      new StructType()
          .add("kernel_release", StringType)
          .add("module", StringType)
          .add("rank", IntegerType)
          .add("crashes", LongType)
          .add("hosts", LongType)
          .add("signatures", LongType)
          .add("top_signature_id", StringType)
          .add("top_title", StringType);

  private ReportLakes() {}

  static Date day(int daysBefore) {
    return Date.valueOf(AS_OF.minusDays(daysBefore));
  }

  static Timestamp at(int daysBefore, int hour) {
    return Timestamp.from(
        AS_OF.minusDays(daysBefore).atTime(hour, 0).atZone(ZoneOffset.UTC).toInstant());
  }

  public static void put(Lake lake, String table, StructType schema, List<Row> rows) {
    lake.replace(table, lake.spark().createDataFrame(rows, schema), Map.of());
  }

  /** A crash row: only what the report reads is set. */
  static Row crash(String file, String host, Timestamp time, boolean primary) {
    Object[] v = new Object[LakeTables.CRASH.fields().length];
    v[LakeTables.CRASH.fieldIndex("file")] = file;
    v[LakeTables.CRASH.fieldIndex("host")] = host;
    v[LakeTables.CRASH.fieldIndex("crash_time")] = time;
    v[LakeTables.CRASH.fieldIndex("report_index")] = primary ? 0 : 1;
    v[LakeTables.CRASH.fieldIndex("primary")] = primary;
    v[LakeTables.CRASH.fieldIndex("class")] = "oops";
    v[LakeTables.CRASH.fieldIndex("title")] = "t";
    v[LakeTables.CRASH.fieldIndex("corrupted")] = false;
    v[LakeTables.CRASH.fieldIndex("signature_id")] = "s";
    v[LakeTables.CRASH.fieldIndex("signature_version")] = 1;
    v[LakeTables.CRASH.fieldIndex("run_id")] = "r1";
    return RowFactory.create(v);
  }

  /** The lake as the nightly leaves it before the morning step: crashes and the summary only. */
  public static void beforeMorning(Lake lake) {
    put(
        lake,
        LakeTables.CRASHES,
        LakeTables.CRASH,
        List.of(
            crash("f1", "h1", at(0, 3), true),
            crash("f2", "h1", at(1, 3), true),
            crash("f3", "h2", at(6, 23), true),
            crash("f3", "h4", at(2, 1), false), // a secondary report: not a crashing host
            crash("f4", "h3", at(7, 1), true))); // the day before the 7-day window
    put(
        lake,
        LakeTables.SUMMARY_KERNEL_MODULE,
        KERNEL_MODULE,
        List.of(
            RowFactory.create("6.1.0-18-amd64", "nvme", 1, 30L, 6L, 1L, "s1", "t1"),
            RowFactory.create("6.1.0-18-amd64", "vmlinux", 2, 5L, 2L, 1L, "s2", "t2"),
            RowFactory.create("5.14.0-362.8.1.el9_3", "vmlinux", 1, 12L, 4L, 1L, "s3", "t3")));
  }

  /** {@link #beforeMorning} plus every morning table, with known answers (see ReportDataTest). */
  public static void withMorningTables(Lake lake) {
    beforeMorning(lake);
    Date asOf = Date.valueOf(AS_OF);
    put(
        lake,
        LakeTables.CLUSTER_WINDOWS,
        LakeTables.CLUSTER_WINDOW,
        List.of(
            window(
                asOf, 7, "cA", "BUG: soft lockup in nvme_poll", 30, 6, 1, 10, 3, 2, 200.0, false),
            window(
                asOf, 7, "cB", "kernel BUG at mm/slub.c:379", 12, 4, 2, 0, null, null, null, true),
            window(
                asOf, 7, "cC", "WARNING in iommu_dma_unmap_page", 5, 2, 3, 20, 1, -2, -75.0, false),
            window(
                asOf,
                28,
                "cA",
                "BUG: soft lockup in nvme_poll",
                90,
                9,
                1,
                0,
                null,
                null,
                null,
                false)));
    put(
        lake,
        LakeTables.CLUSTER_STATE,
        LakeTables.CLUSTER_STATE_ROW,
        List.of(
            state(asOf, "cA", "spiking", "today 10 > forecast 3.1", 30, 6, null, List.of()),
            state(asOf, "cB", "new", "first seen 3 days ago", 12, 4, null, List.of()),
            state(
                asOf,
                "cC",
                "regressed",
                "seen on 6.1.0-18 at or after its fix 6.1.0-17",
                5,
                2,
                "BUG-7",
                List.of("6.1.0-17")),
            state(asOf, "cD", "quiet", "no crash for 40 days", 0, 0, null, List.of())));
    put(
        lake,
        LakeTables.CLUSTER_DAILY,
        LakeTables.CLUSTER_DAY,
        List.of(
            RowFactory.create(day(0), "cA", 10L, 3L),
            RowFactory.create(day(1), "cA", 20L, 5L),
            RowFactory.create(day(3), "cB", 12L, 4L),
            RowFactory.create(day(2), "cC", 5L, 2L),
            RowFactory.create(day(30), "cC", 5L, 2L),
            RowFactory.create(day(0), "cZ", 99L, 1L)));
    put(
        lake,
        LakeTables.RELEASE_RATES,
        LakeTables.RELEASE_RATE,
        List.of(
            rate(asOf, 7, "6.1.0-18-amd64", 35, 8, 56.0, 625.0),
            rate(asOf, 7, "5.14.0-362.8.1.el9_3", 12, 4, 28.0, 428.6),
            rate(asOf, 28, "6.1.0-18-amd64", 90, 9, 252.0, 357.1)));
    put(
        lake,
        LakeTables.RELEASE_CLUSTER_CHANGES,
        LakeTables.RELEASE_CLUSTER_CHANGE,
        List.of(
            RowFactory.create(
                asOf, "6.1.0-18-amd64", "6.1.0-17-amd64", "6.1", "cC", "appeared", 5L)));
    put(
        lake,
        LakeTables.CLUSTER_CORRELATIONS,
        LakeTables.CLUSTER_CORRELATION,
        List.of(RowFactory.create(asOf, "cA", "module", "nvme", 27L, 0.9, 0.2, 4.5)));
  }

  static Row window(
      Date asOf,
      int days,
      String id,
      String title,
      long crashes,
      long hosts,
      int rank,
      long previous,
      Integer previousRank,
      Integer rankChange,
      Double pct,
      boolean isNew) {
    return RowFactory.create(
        asOf,
        days,
        id,
        title,
        crashes,
        hosts,
        rank,
        previous,
        previousRank,
        rankChange,
        pct,
        isNew,
        at(40, 0),
        at(0, 3));
  }

  static Row state(
      Date asOf,
      String id,
      String state,
      String reason,
      long crashes7d,
      long hosts,
      String bug,
      List<String> fixedIn) {
    return RowFactory.create(
        asOf,
        id,
        "title of " + id,
        state,
        reason,
        crashes7d * 3,
        hosts,
        crashes7d,
        crashes7d * 3,
        0.5,
        at(40, 0),
        at(0, 3),
        "nvme",
        "lockup.soft",
        List.of("6.1.0-18-amd64"),
        "f1",
        List.of("nvme_poll+0x1c/0x40", "irq_exit+0x5c/0xe0"),
        bug,
        bug == null ? null : "https://bugs.example/" + bug,
        fixedIn);
  }

  static Row rate(
      Date asOf, int days, String release, long crashes, long hosts, double hostDays, double rate) {
    return RowFactory.create(
        asOf,
        days,
        release,
        release.contains("el9") ? "RHEL/CentOS" : "Debian",
        release.contains("el9") ? "5.14.0-362.el9" : "6.1",
        false,
        crashes,
        hosts,
        hostDays,
        "crashing-hosts",
        rate,
        rate * 0.7,
        rate * 1.4,
        crashes / 2,
        0L,
        1L,
        new ArrayList<>(Arrays.asList("cA")));
  }
}
