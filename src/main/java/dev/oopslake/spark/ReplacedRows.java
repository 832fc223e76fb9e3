package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;

import dev.oopslake.lake.DataFileWriter;
import dev.oopslake.lake.IngestCommit;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.WriteTarget;
import dev.oopslake.spark.support.HadoopConf;
import dev.oopslake.spark.support.PartitionJobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SerializationUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The old rows of input files a run reads again (re-processed with {@code --since}, or rewritten
 * since their last run): the data files holding them are rewritten without them (copy-on-write), so
 * each file stays one row in {@code files} and readers need no delete files to apply. A nightly
 * that re-reads nothing rewrites nothing.
 */
final class ReplacedRows {
  private ReplacedRows() {}

  /**
   * The change that removes from {@code table} the rows whose {@code key} column is one of {@code
   * paths} (one column, {@code path}): the data files holding them to drop, and their other rows
   * written anew.
   */
  static IngestCommit.Change without(
      Lake lake, String table, StructType schema, String key, Dataset<Row> paths, String runId) {
    Dataset<Row> rows = lake.read(table);
    Set<String> affected = new TreeSet<>();
    for (Row r :
        rows.select(col(key), col("_file"))
            .join(paths.withColumnRenamed("path", key), key, "left_semi")
            .select("_file")
            .distinct()
            .collectAsList()) {
      affected.add(r.getString(0));
    }
    if (affected.isEmpty()) {
      return new IngestCommit.Change(List.of(), List.of());
    }
    List<DataFile> dropped = new ArrayList<>();
    Table t = lake.table(table);
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        if (affected.contains(task.file().location())) {
          dropped.add(task.file().copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan " + table, e);
    }
    Column[] columns =
        java.util.Arrays.stream(schema.fieldNames())
            .map(c -> col("`" + c + "`"))
            .toArray(Column[]::new);
    Dataset<Row> kept =
        rows.where(col("_file").isin(affected.toArray()))
            .join(
                paths.withColumnRenamed("path", "_replaced"),
                col(key).equalTo(col("_replaced")),
                "left_anti")
            .select(columns);
    WriteTarget target = WriteTarget.of(lake, table, schema, schema, List.of());
    HadoopConf conf = HadoopConf.broadcast(lake.spark());
    List<DataFile> added = new ArrayList<>();
    for (byte[] files : PartitionJobs.run(kept.javaRDD(), new Rewrite(conf, target, runId))) {
      List<DataFile> written = SerializationUtil.deserializeFromBytes(files);
      added.addAll(written);
    }
    return new IngestCommit.Change(added, dropped);
  }

  /** Writes a partition's kept rows into new data files of the table. */
  static final class Rewrite implements PartitionJobs.PartitionTask<Row, byte[]> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final WriteTarget target;
    private final String runId;

    Rewrite(HadoopConf conf, WriteTarget target, String runId) {
      this.conf = conf;
      this.target = target;
      this.runId = runId;
    }

    @Override
    public byte[] run(int partition, Iterator<Row> rows) throws IOException {
      DataFileWriter out =
          new DataFileWriter(
              target, conf.get(), ArchiveIngest.attemptName(runId + "-rewrite", partition));
      try {
        while (rows.hasNext()) {
          out.write(rows.next());
        }
        return SerializationUtil.serializeToBytes(new ArrayList<>(out.complete()));
      } catch (IOException | RuntimeException | Error e) {
        out.abort(e);
        throw e;
      }
    }
  }
}
