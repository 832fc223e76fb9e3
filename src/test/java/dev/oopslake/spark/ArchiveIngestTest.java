package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.lake.WriteTarget;
import dev.oopslake.spark.support.HadoopConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read task on files that changed between listing and reading. */
class ArchiveIngestTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  /** A kdump folder with one short, crash-free log under {@code archive}; returns the file. */
  private static Path cleanLog(Path archive) throws IOException {
    Path file = archive.resolve("10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n");
    return file;
  }

  /** The read tasks over {@code listing} in one partition, with the nightly's default settings. */
  private static List<ArchiveIngest.Written> ingest(Path archive, List<Row> listing, Path lakeDir) {
    Lake lake = Lake.open(spark, TestLakes.at(lakeDir.toUri().toString()));
    NightlyOptions options =
        NightlyOptions.builder(archive.toString(), tmp.resolve("lake").toUri().toString())
            .maxFileBytes(1 << 20)
            .build();
    return ArchiveIngest.ingest(
        spark,
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(listing, 1),
        archive.toUri().toString(),
        options.pathLayout(),
        options.maxFileBytes(),
        options.rules(),
        "r1",
        new ArchiveIngest.Target(
            WriteTarget.of(
                lake, LakeTables.FILES, LakeTables.INGESTED, LakeTables.FILE, List.of("path")),
            WriteTarget.of(
                lake, LakeTables.CRASHES, LakeTables.CRASH, LakeTables.CRASH, List.of("file"))));
  }

  @Test
  void aFileDeletedAfterListingIsRejectedWithThatReasonAndTheRestIsRead() throws IOException {
    Path archive = tmp.resolve("archive");
    Path kept = cleanLog(archive);
    Path gone = archive.resolve("10.0.0.2-2026-11-20-01:02:04/vmcore-dmesg.txt");
    List<Row> listing =
        List.of(
            RowFactory.create(kept.toUri().toString(), Files.size(kept), 0L),
            RowFactory.create(gone.toUri().toString(), 100L, 0L));
    List<ArchiveIngest.Written> written = ingest(archive, listing, tmp.resolve("lake"));

    assertThat(written).hasSize(1);
    assertThat(written.get(0).files()).as("both listed files accounted for").isEqualTo(2);
    assertThat(written.get(0).noCrash()).isEqualTo(1);
    assertThat(written.get(0).rejected()).isEqualTo(1);
    assertThat(written.get(0).filesData()).as("one data file of files rows").hasSize(1);
    Row rejected =
        spark
            .read()
            .parquet(written.get(0).filesData().get(0).location())
            .where("status = 'rejected'")
            .first();
    assertThat(rejected.getString(rejected.fieldIndex("reason")))
        .isEqualTo("not found: deleted after it was listed");
    assertThat(rejected.getString(rejected.fieldIndex("ip")))
        .as("path fields still taken from the listed path")
        .isEqualTo("10.0.0.2");
  }

  @Test
  void aFailingFileSystemFailsTheTaskAndLeavesNoDataFiles() throws IOException {
    Path archive = tmp.resolve("failing");
    Path good = cleanLog(archive);
    // A scheme no file system serves: opening it is an I/O error, not a bad file.
    List<Row> listing =
        List.of(
            RowFactory.create(good.toUri().toString(), Files.size(good), 0L),
            RowFactory.create("nosuchfs://bucket/x/vmcore-dmesg.txt", 10L, 0L));
    Path lakeDir = tmp.resolve("failing-lake");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ingest(archive, listing, lakeDir))
        .as("the task fails, so Spark retries it instead of recording a good file as rejected")
        .hasStackTraceContaining("nosuchfs");
    try (var left = Files.walk(lakeDir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the failed attempt's data files were deleted; only table metadata is left")
          .noneMatch(n -> n.endsWith(".parquet"));
    }
  }

  /**
   * A file rewritten, cut or appended to between listing and reading (kdump still writing it, a
   * copy in progress) — the same as one that changes while being read: the bytes read are not the
   * file the listing saw. It is rejected with that reason under its listed size and time, which it
   * no longer has, so the next run reads it again; the rest of the task goes on.
   */
  @Test
  void aFileThatChangedSinceListingIsRejectedWithThatReason() throws IOException {
    Path archive = tmp.resolve("changing");
    Path kept = cleanLog(archive);
    Path cut = archive.resolve("10.0.0.3-2026-11-20-01:02:05/vmcore-dmesg.txt");
    Files.createDirectories(cut.getParent());
    Files.writeString(cut, "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n".repeat(20));
    long cutListed = Files.size(cut);
    Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), (int) cutListed / 2));
    Path grown = archive.resolve("10.0.0.4-2026-11-20-01:02:06/vmcore-dmesg.txt");
    Files.createDirectories(grown.getParent());
    Files.writeString(grown, "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n");
    long grownListed = Files.size(grown);
    Files.writeString(
        grown, "[    1.000000] BUG: kernel NULL pointer dereference\n", StandardOpenOption.APPEND);
    List<Row> listing =
        List.of(
            RowFactory.create(kept.toUri().toString(), Files.size(kept), 0L),
            RowFactory.create(cut.toUri().toString(), cutListed, 0L),
            RowFactory.create(grown.toUri().toString(), grownListed, 0L));

    List<ArchiveIngest.Written> written = ingest(archive, listing, tmp.resolve("changing-lake"));

    assertThat(written.get(0).files()).as("all three accounted for").isEqualTo(3);
    assertThat(written.get(0).noCrash()).isEqualTo(1);
    assertThat(written.get(0).rejected()).isEqualTo(2);
    assertThat(written.get(0).rejectedByReason())
        .containsExactly(java.util.Map.entry("changed while being read", 2L));
    List<String> reasons =
        spark
            .read()
            .parquet(written.get(0).filesData().get(0).location())
            .where("status = 'rejected'")
            .orderBy("path")
            .select("reason")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(reasons)
        .containsExactly(
            "changed while being read: listed " + cutListed + " bytes, read " + cutListed / 2,
            "changed while being read: listed "
                + grownListed
                + " bytes, read "
                + Files.size(grown));
  }

  /** A kdump log of about 64 KiB: boot lines, then one crash report titled by {@code header}. */
  private static String bigLog(String header) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < 64 * 1024; i++) {
      b.append(String.format("[%5d.%06d] usb 1-1: new high-speed USB device number %d%n", i, i, i));
    }
    return b.append("[ 9999.000001] ")
        .append(header)
        .append("\n[ 9999.000002] Call Trace:\n")
        .append("[ 9999.000003]  <TASK>\n")
        .append("[ 9999.000004]  frobnicate_widget+0x1c/0x40 [widget]\n")
        .append("[ 9999.000005]  widget_ioctl+0x88/0x120 [widget]\n")
        .append("[ 9999.000006]  __x64_sys_ioctl+0x94/0xd0\n")
        .append("[ 9999.000007]  do_syscall_64+0x5c/0x90\n")
        .append("[ 9999.000008]  </TASK>\n")
        .toString();
  }

  /**
   * The read task, whose stream hands out at most 4 KiB per read (as a slow disk or NFS may) and
   * runs {@code change} on the file once, after the first read: a change timed in mid-read.
   */
  static final class ChangedMidRead extends ArchiveIngest.WriteParts {
    private static final long serialVersionUID = 1L;
    private static final java.util.concurrent.atomic.AtomicInteger RUNS =
        new java.util.concurrent.atomic.AtomicInteger();
    private final transient java.util.function.Consumer<Path> change;

    ChangedMidRead(Path archive, java.util.function.Consumer<Path> change) {
      super(
          HadoopConf.broadcast(spark),
          archive.toUri().toString(),
          NightlyOptions.builder(archive.toString(), "unused").build().pathLayout(),
          1 << 20,
          dev.oopslake.parse.ExtraRules.NONE,
          "mid" + RUNS.incrementAndGet(), // each read writes its own data files
          new ArchiveIngest.Target(
              WriteTarget.of(
                  Lake.open(
                      spark, TestLakes.at(archive.resolveSibling("mid-lake").toUri().toString())),
                  LakeTables.FILES,
                  LakeTables.INGESTED,
                  LakeTables.FILE,
                  List.of("path")),
              WriteTarget.of(
                  Lake.open(
                      spark, TestLakes.at(archive.resolveSibling("mid-lake").toUri().toString())),
                  LakeTables.CRASHES,
                  LakeTables.CRASH,
                  LakeTables.CRASH,
                  List.of("file"))));
      this.change = change;
    }

    @Override
    java.io.InputStream open(java.net.URI uri) throws IOException {
      Path file = Path.of(uri);
      return new java.io.FilterInputStream(super.open(uri)) {
        private boolean changed;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, Math.min(len, 4096));
          if (!changed && n > 0) {
            changed = true;
            change.accept(file);
          }
          return n;
        }
      };
    }

    /** The one file's {@code files} row after reading it, and the titles of its crashes. */
    Outcome readOnly(Path file) throws Exception {
      Row listed = RowFactory.create(file.toUri().toString(), Files.size(file), 0L);
      ArchiveIngest.Written w = ArchiveIngest.Written.fromBytes(run(0, List.of(listed).iterator()));
      assertThat(w.files()).as("the file is accounted for").isEqualTo(1);
      assertThat(w.crash() + w.noCrash() + w.rejected()).isEqualTo(1);
      List<String> titles =
          w.crashesData().stream()
              .flatMap(
                  d ->
                      spark
                          .read()
                          .parquet(d.location())
                          .select("title")
                          .as(org.apache.spark.sql.Encoders.STRING())
                          .collectAsList()
                          .stream())
              .toList();
      return new Outcome(spark.read().parquet(w.filesData().get(0).location()).first(), titles);
    }
  }

  private record Outcome(Row file, List<String> titles) {
    String status() {
      return file.getString(file.fieldIndex("status"));
    }

    String reason() {
      return file.getString(file.fieldIndex("reason"));
    }
  }

  private static void unchecked(IORunnable r) {
    try {
      r.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private interface IORunnable {
    void run() throws IOException;
  }

  /**
   * A local file changed while the read task holds it open, between two reads: cut or appended to
   * in place, it is rejected as changed (the bytes read are not the listed file); replaced by a
   * rename, the open stream keeps the old file, which is read whole as listed. A rewrite in place
   * to the very same size is not seen (docs/reliability.md).
   */
  @Test
  void aLocalFileChangedInMidReadIsRejectedOrReadWholeAsListed() throws Exception {
    Path archive = tmp.resolve("mid-read");
    Path file = archive.resolve("10.0.0.5-2026-11-20-01:02:07/vmcore-dmesg.txt");
    Files.createDirectories(file.getParent());
    String original = bigLog("BUG: kernel NULL pointer dereference, address: 0000000000000008");
    long listed = original.length();

    Files.writeString(file, original);
    Outcome cut =
        new ChangedMidRead(
                archive,
                p ->
                    unchecked(
                        () -> {
                          try (var ch =
                              java.nio.channels.FileChannel.open(p, StandardOpenOption.WRITE)) {
                            ch.truncate(listed / 2);
                          }
                        }))
            .readOnly(file);
    assertThat(cut.status()).isEqualTo("rejected");
    assertThat(cut.titles()).isEmpty();
    assertThat(cut.reason())
        .isEqualTo("changed while being read: listed " + listed + " bytes, read " + listed / 2);

    Files.writeString(file, original);
    Outcome grown =
        new ChangedMidRead(
                archive,
                p ->
                    unchecked(
                        () ->
                            Files.writeString(
                                p,
                                "[10000.000000] more lines the kernel printed\n",
                                StandardOpenOption.APPEND)))
            .readOnly(file);
    assertThat(grown.status()).isEqualTo("rejected");
    assertThat(grown.reason())
        .startsWith("changed while being read: listed " + listed + " bytes, read ");

    Files.writeString(file, original);
    Outcome renamed =
        new ChangedMidRead(
                archive,
                p ->
                    unchecked(
                        () -> {
                          Path next = p.resolveSibling("vmcore-dmesg.txt.tmp");
                          Files.writeString(next, bigLog("kernel BUG at mm/slub.c:42!"));
                          Files.move(
                              next,
                              p,
                              java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }))
            .readOnly(file);
    assertThat(renamed.status()).as("the old file, still open, is read whole").isEqualTo("crash");
    assertThat(renamed.titles())
        .as("the listed file's crash, not the replacement's")
        .singleElement()
        .asString()
        .contains("NULL pointer dereference");
    assertThat(Files.readString(file)).as("the path now holds the new file").contains("mm/slub.c");
  }
}
