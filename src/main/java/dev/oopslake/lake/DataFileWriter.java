package dev.oopslake.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.hadoop.HadoopInputFile;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Row;

/**
 * Writes one task's rows of one table into Parquet data files, one per partition the rows fall in,
 * and describes them as Iceberg {@link DataFile}s (path, size, partition, column metrics) for the
 * driver to commit, as Iceberg's own Spark writer does. Nothing is visible before that commit; a
 * failed task's files are deleted by {@link #abort}, or by {@code maintain} as orphans if the task
 * died too hard to do it.
 */
public final class DataFileWriter implements AutoCloseable {
  private final WriteTarget target;
  private final Configuration conf;
  private final String name;
  private final PartitionKey key;
  private final RowStruct struct;
  private final Map<PartitionKey, Open> open = new LinkedHashMap<>();
  private final List<DataFile> done = new ArrayList<>();

  private record Open(String location, ParquetWriter<Row> writer, PartitionKey partition) {}

  /**
   * @param name unique per task attempt (the file names derive from it), so a retried attempt never
   *     meets a file of the attempt before it
   */
  public DataFileWriter(WriteTarget target, Configuration conf, String name) {
    this.target = target;
    this.conf = conf;
    this.name = name;
    this.key =
        target.spec().isPartitioned() ? new PartitionKey(target.spec(), target.schema()) : null;
    this.struct = new RowStruct();
  }

  public void write(Row row) throws IOException {
    PartitionKey partition = null;
    if (key != null) {
      key.partition(struct.wrap(row));
      partition = key;
    }
    Open o = open.get(partition);
    if (o == null) {
      PartitionKey kept = partition == null ? null : partition.copy();
      String file =
          String.format(Locale.ROOT, "%s-%05d.%s.parquet", name, open.size(), target.codec());
      String location =
          kept == null
              ? target.locations().newDataLocation(file)
              : target.locations().newDataLocation(target.spec(), kept, file);
      ParquetWriter<Row> w =
          ParquetRows.open(
              new Path(URI.create(location)),
              conf,
              target.source(),
              target.written(),
              CompressionCodecName.fromConf(target.codec().toUpperCase(Locale.ROOT)),
              target.sparkVersion(),
              target.unique());
      o = new Open(location, w, kept);
      open.put(kept, o);
    }
    o.writer().write(row);
  }

  /** Closes every file and returns them as data files, ready to commit. */
  public List<DataFile> complete() throws IOException {
    for (Open o : List.copyOf(open.values())) {
      o.writer().close();
      open.remove(o.partition());
      InputFile in = HadoopInputFile.fromLocation(o.location(), conf);
      Metrics metrics = ParquetUtil.fileMetrics(in, target.metrics());
      DataFiles.Builder b =
          DataFiles.builder(target.spec())
              .withPath(o.location())
              .withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(in.getLength())
              .withMetrics(metrics);
      if (o.partition() != null) {
        b.withPartition(o.partition());
      }
      done.add(b.build());
    }
    return List.copyOf(done);
  }

  /** Closes and deletes everything written, best effort; failures go onto {@code cause}. */
  public void abort(Throwable cause) {
    List<String> written = new ArrayList<>();
    for (Open o : open.values()) {
      written.add(o.location());
      try {
        o.writer().close();
      } catch (IOException | RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
    open.clear();
    done.forEach(f -> written.add(f.location()));
    done.clear();
    for (String location : written) {
      try {
        Path p = new Path(URI.create(location));
        p.getFileSystem(conf).delete(p, false);
      } catch (IOException | RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }

  @Override
  public void close() {
    if (!open.isEmpty()) {
      abort(new UncheckedIOException(new IOException("closed before complete()")));
    }
  }

  /** A {@link Row} seen through Iceberg's eyes, for the partition transform (timestamps in µs). */
  private static final class RowStruct implements StructLike {
    private Row row;

    RowStruct wrap(Row r) {
      this.row = r;
      return this;
    }

    @Override
    public int size() {
      return row.size();
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
      Object v = row.get(pos);
      if (v instanceof Timestamp t) {
        return javaClass.cast(ParquetRows.micros(t));
      }
      return javaClass.cast(v);
    }

    @Override
    public <T> void set(int pos, T value) {
      throw new UnsupportedOperationException("read-only");
    }
  }
}
