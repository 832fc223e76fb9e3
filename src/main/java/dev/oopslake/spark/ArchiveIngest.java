package dev.oopslake.spark;

import dev.oopslake.archive.ContentReader;
import dev.oopslake.archive.FileContent;
import dev.oopslake.archive.PathFields;
import dev.oopslake.archive.PathLayout;
import dev.oopslake.lake.DataFileWriter;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.WriteTarget;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.ExtraRules;
import dev.oopslake.parse.ParsedFile;
import dev.oopslake.signature.CrashFacts;
import dev.oopslake.signature.CrashStates;
import dev.oopslake.spark.support.CrashCounts;
import dev.oopslake.spark.support.HadoopConf;
import dev.oopslake.spark.support.PartitionJobs;
import dev.oopslake.spark.support.TaskBytes;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.DataFile;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads every listed file once on the executors: open by URI, decompress by content with the size
 * cap ({@link ContentReader}), take host/IP/crash time from the path ({@link PathLayout}), parse,
 * and write the file's {@code files} row and its {@code crashes} rows — crash, no_crash or rejected
 * with its reason, never a failed task for a bad file. A failing file system does fail the task, so
 * Spark retries it instead of recording a good file as rejected.
 */
public final class ArchiveIngest {
  private ArchiveIngest() {}

  /** Where one run's rows go: the two tables' write targets. */
  public record Target(WriteTarget files, WriteTarget crashes) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * What one winning task attempt wrote: its data files of both tables, the counts of its files, so
   * the run adds up without reading its tables back, and the states of its primary crashes, so the
   * derived tables of a run that added them need not read them back either.
   */
  public record Written(
      int partition,
      long files,
      long crash,
      long noCrash,
      long rejected,
      long truncated,
      long reports,
      Map<String, Long> rejectedByReason,
      List<DataFile> filesData,
      List<DataFile> crashesData,
      CrashStates states)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public Written {
      rejectedByReason = Map.copyOf(rejectedByReason);
      filesData = List.copyOf(filesData);
      crashesData = List.copyOf(crashesData);
    }

    /** As a task returns it: see {@link TaskBytes}. */
    byte[] toBytes() {
      return TaskBytes.of(this);
    }

    static Written fromBytes(byte[] bytes) {
      return TaskBytes.read(bytes, Written.class);
    }
  }

  /**
   * Reads, parses and writes every file of {@code listing} (rows of {@link
   * dev.oopslake.spark.listing.ArchiveListing#SCHEMA}), one part file per partition in each of the
   * target's tables (uncommitted), and returns what each partition wrote. Plain RDD work: the
   * per-file path needs no query plan. A failed attempt deletes what it wrote; only the returned
   * data files belong to the run.
   */
  public static List<Written> ingest(
      SparkSession spark,
      JavaRDD<Row> listing,
      String root,
      PathLayout layout,
      long maxFileBytes,
      ExtraRules rules,
      String runId,
      Target target) {
    HadoopConf conf = HadoopConf.broadcast(spark);
    return PartitionJobs.run(
            listing, new WriteParts(conf, root, layout, maxFileBytes, rules, runId, target))
        .stream()
        .map(Written::fromBytes)
        .toList();
  }

  /**
   * Per partition: one reader (its buffer reused across the partition's files), one parser and two
   * writers; each file is read, parsed and written before the next is opened.
   */
  static class WriteParts implements PartitionJobs.PartitionTask<Row, byte[]> {
    private static final long serialVersionUID = 1L;

    /** Crashes counted into states at a time (a few MB of their columns). */
    static final int STATE_BATCH = 5_000;

    private final HadoopConf conf;
    private final String rootPath;
    private final PathLayout layout;
    private final long maxFileBytes;
    private final ExtraRules rules;
    private final String runId;
    private final Target target;

    WriteParts(
        HadoopConf conf,
        String root,
        PathLayout layout,
        long maxFileBytes,
        ExtraRules rules,
        String runId,
        Target target) {
      this.conf = conf;
      this.rules = rules;
      String p = URI.create(root).getPath();
      this.rootPath = p == null ? "" : p;
      this.layout = layout;
      this.maxFileBytes = maxFileBytes;
      this.runId = runId;
      this.target = target;
    }

    @Override
    public byte[] run(int partition, Iterator<Row> input) throws IOException {
      CrashParser parser = rules.parser();
      ContentReader reader = new ContentReader(maxFileBytes);
      Configuration hadoop = conf.get();
      long files = 0, crash = 0, noCrash = 0, rejected = 0, truncated = 0, reports = 0;
      Map<String, Long> rejectedByReason = new TreeMap<>();
      // Attempt-unique names, so a retry never meets a half-written file of the attempt before it.
      String name = attemptName(runId, partition);
      DataFileWriter fileRows = new DataFileWriter(target.files(), hadoop, name);
      DataFileWriter crashRows = new DataFileWriter(target.crashes(), hadoop, name);
      List<DataFile> filesData;
      List<DataFile> crashesData;
      // Counted in batches, so a partition's states, not its crashes, stay in memory.
      List<CrashStates> states = new ArrayList<>();
      List<CrashFacts> batch = new ArrayList<>();
      try {
        while (input.hasNext()) {
          Row in = input.next();
          Row file = readOne(parser, reader, in.getString(0), in.getLong(1), in.getLong(2));
          fileRows.write(file);
          Row[] crashes = (Row[]) file.get(CRASH_ROWS);
          for (Row c : crashes) {
            crashRows.write(c);
            CrashFacts facts = CrashCounts.factsOfPrimary(c);
            if (facts != null) {
              batch.add(facts);
            }
          }
          if (batch.size() >= STATE_BATCH) {
            states.add(CrashStates.of(batch));
            batch.clear();
          }
          files++;
          reports += crashes.length;
          switch (file.getString(STATUS)) {
            case "crash" -> crash++;
            case "no_crash" -> noCrash++;
            default -> {
              rejected++;
              rejectedByReason.merge(ParsedFile.reasonKind(file.getString(REASON)), 1L, Long::sum);
            }
          }
          if (file.getBoolean(TRUNCATED)) {
            truncated++;
          }
        }
        filesData = fileRows.complete();
        crashesData = crashRows.complete();
      } catch (IOException | RuntimeException | Error e) {
        // Abort as Spark's own writer does: release the files and delete them, best effort.
        // Anything left is an orphan that `maintain` removes; no snapshot ever names it.
        fileRows.abort(e);
        crashRows.abort(e);
        throw e;
      }
      return new Written(
              partition,
              files,
              crash,
              noCrash,
              rejected,
              truncated,
              reports,
              rejectedByReason,
              filesData,
              crashesData,
              CrashStates.mergeAll(
                  java.util.stream.Stream.concat(
                          states.stream(), java.util.stream.Stream.of(CrashStates.of(batch)))
                      .toList()))
          .toBytes();
    }

    private Row readOne(
        CrashParser parser, ContentReader reader, String uri, long size, long mtime) {
      URI u = URI.create(uri);
      PathFields fields = layout.match(relative(u.getPath()));
      FileContent content = null;
      String unreadable = null;
      try {
        String p = u.getPath();
        content = reader.read(open(u), p == null ? "" : p.substring(p.lastIndexOf('/') + 1), size);
      } catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
        unreadable =
            "file".equals(u.getScheme()) && Files.isSymbolicLink(java.nio.file.Path.of(u))
                ? "unreadable: dangling symlink"
                : "not found: deleted after it was listed";
      } catch (IOException e) {
        unreadable = unreadableLocalFile(u, e);
        if (unreadable == null) {
          throw new UncheckedIOException("opening " + uri, e);
        }
      }
      ParsedFile parsed;
      if (content == null) {
        parsed = ParsedFile.rejected(unreadable);
      } else if (!content.readable()) {
        parsed = ParsedFile.rejected(content.rejectReason());
      } else if (changedWhileRead(content, size)) {
        // Read as it was mid-change: rejected under the listed size and time, which the file no
        // longer has, so the next run reads it again.
        parsed =
            ParsedFile.rejected(
                "changed while being read: listed "
                    + size
                    + " bytes, read "
                    + content.compressedBytes());
        content = null;
      } else {
        try {
          parsed = parser.parse(content.bytes(), 0, content.length());
        } catch (RuntimeException e) {
          // A parser bug on one file is that file's rejection, not the night's failure.
          parsed = ParsedFile.rejected("parser: " + e);
        }
      }
      return FileRows.toRow(uri, size, mtime, fields, content, parsed, runId);
    }

    /**
     * Why a local file that exists cannot be opened, when the file itself is the cause (its
     * permissions, a loop of symlinks) rather than the disk: such a file is rejected with the
     * reason; any other I/O error fails the task. Null when it is not the file's fault.
     */
    static String unreadableLocalFile(URI uri, IOException e) {
      if (!"file".equals(uri.getScheme())) {
        return null;
      }
      if (e instanceof java.nio.file.AccessDeniedException) {
        return "unreadable: permission denied";
      }
      if (e instanceof java.nio.file.FileSystemException fse
          && fse.getReason() != null
          && fse.getReason().contains("symbolic links")) {
        return "unreadable: symlink loop";
      }
      return null;
    }

    /**
     * Whether the bytes read are not the file the listing saw: more than its listed size, or (for
     * an uncompressed file read to its end) fewer. A compressed file cut short fails its decoder.
     */
    static boolean changedWhileRead(FileContent content, long listedSize) {
      if (content.compressedBytes() > listedSize) {
        return true;
      }
      return content.codec() == dev.oopslake.archive.Codec.PLAIN
          && !content.truncated()
          && content.compressedBytes() != listedSize;
    }

    /** Opens one listed file; package-private so a test can change a file in mid-read here. */
    InputStream open(URI uri) throws IOException {
      if ("file".equals(uri.getScheme())) {
        // Local files straight through java.nio: Hadoop's local open stats the file first and
        // wraps the stream three times (and its checksum layer looks for a .crc sidecar).
        return java.nio.file.Files.newInputStream(java.nio.file.Path.of(uri));
      }
      Path path = new Path(uri);
      return path.getFileSystem(conf.get()).open(path);
    }

    /** The path below the input root, which the layout pattern is written against. */
    private String relative(String path) {
      if (path == null) {
        return "";
      }
      if (!rootPath.isEmpty() && path.startsWith(rootPath)) {
        return path.substring(rootPath.length());
      }
      return path;
    }
  }

  /**
   * A data file name prefix unique per run, partition, stage attempt and task attempt: a retried or
   * speculative attempt never writes over another's file.
   */
  public static String attemptName(String runId, int partition) {
    TaskContext task = TaskContext.get();
    return String.format(
        java.util.Locale.ROOT,
        "%s-%05d-%d-%d",
        runId,
        partition,
        task == null ? 0 : task.stageAttemptNumber(),
        task == null ? 0 : task.attemptNumber());
  }

  private static final int CRASH_ROWS = LakeTables.INGESTED.fieldIndex("crash_rows");
  private static final int STATUS = LakeTables.INGESTED.fieldIndex("status");
  private static final int REASON = LakeTables.INGESTED.fieldIndex("reason");
  private static final int TRUNCATED = LakeTables.INGESTED.fieldIndex("truncated");
}
