package dev.oopslake.spark.listing;

import dev.oopslake.archive.ContentReader;
import dev.oopslake.archive.FileContent;
import dev.oopslake.spark.support.HadoopConf;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The archive's file list from a manifest instead of a LIST of the bucket: an S3 Inventory report
 * (Parquet, or CSV — gzipped or not, headerless with its {@code fileSchema} column order) or any
 * CSV with a header naming at least {@code key} (optionally {@code bucket}, {@code size}, {@code
 * last_modified_date}).
 *
 * <p>Keys become URIs on the input's file system ({@code s3a://<bucket>/<key>}, the bucket from the
 * row or else from {@code --input}); only keys under the input's path whose file name matches are
 * taken, so a bucket-wide inventory can feed an archive under a prefix. A row without size or time
 * is completed with one metadata request on an executor; an object gone since the report is
 * dropped.
 */
public final class ManifestListing {
  private ManifestListing() {}

  /** S3 Inventory's default CSV column order (its manifest.json {@code fileSchema}). */
  public static final String INVENTORY_CSV_SCHEMA = "Bucket, Key, Size, LastModifiedDate";

  public static Dataset<Row> list(
      SparkSession spark, String manifest, String root, Pattern fileName, String csvSchema) {
    HadoopConf conf = HadoopConf.broadcast(spark);
    Dataset<Row> raw;
    boolean encodedKeys = false;
    if (isParquet(manifest, conf)) {
      raw = spark.read().parquet(manifest);
    } else {
      String header = firstLine(manifest, conf);
      boolean hasHeader =
          Arrays.stream(header.split(",")).anyMatch(c -> unquote(c).equalsIgnoreCase("key"));
      if (hasHeader) {
        raw = spark.read().option("header", "true").csv(manifest);
      } else {
        // S3 Inventory CSV: no header, columns in fileSchema order, keys URL-encoded.
        String[] names =
            Arrays.stream(csvSchema.split(",")).map(ManifestListing::snake).toArray(String[]::new);
        raw = spark.read().option("header", "false").csv(manifest).toDF(names);
        encodedKeys = true;
      }
    }
    List<String> columns =
        Arrays.stream(raw.columns()).map(c -> c.toLowerCase(Locale.ROOT)).toList();
    if (!columns.contains("key")) {
      throw new IllegalArgumentException(
          "manifest " + manifest + " has no 'key' column (columns: " + columns + ")");
    }
    Dataset<Row> selected =
        raw.selectExpr(
            columns.contains("bucket")
                ? "cast(bucket as string) as bucket"
                : "cast(null as string) as bucket",
            "cast(key as string) as key",
            columns.contains("size") ? "cast(size as long) as size" : "cast(null as long) as size",
            !columns.contains("last_modified_date")
                ? "cast(null as string) as modified"
                : isTimestamp(raw, "last_modified_date")
                    // Parquet inventories store a timestamp: take its epoch millis, no time zone.
                    ? "cast(unix_millis(last_modified_date) as string) as modified"
                    : "cast(last_modified_date as string) as modified");
    return selected
        .flatMap(
            new ToListingRow(conf, root, fileName, encodedKeys),
            Encoders.row(ArchiveListing.SCHEMA))
        .toDF();
  }

  private static boolean isTimestamp(Dataset<Row> raw, String column) {
    return Arrays.stream(raw.schema().fields())
        .anyMatch(
            f ->
                f.name().equalsIgnoreCase(column)
                    && f.dataType() instanceof org.apache.spark.sql.types.TimestampType);
  }

  private static boolean isParquet(String manifest, HadoopConf conf) {
    if (manifest.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      return true;
    }
    try {
      Path path = new Path(URI.create(manifest));
      FileSystem fs = path.getFileSystem(conf.get());
      if (fs.getFileStatus(path).isDirectory()) {
        for (FileStatus st : fs.listStatus(path)) {
          if (st.getPath().getName().endsWith(".parquet")) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest, e);
    }
  }

  /** The first line of the manifest (or of its first data file), decompressed if need be. */
  private static String firstLine(String manifest, HadoopConf conf) {
    try {
      Path path = new Path(URI.create(manifest));
      FileSystem fs = path.getFileSystem(conf.get());
      if (fs.getFileStatus(path).isDirectory()) {
        path =
            Arrays.stream(fs.listStatus(path))
                .filter(st -> st.isFile() && !ArchiveListing.hidden(st.getPath().getName()))
                .map(FileStatus::getPath)
                .findFirst()
                .orElseThrow(
                    () -> new FileNotFoundException("no data file in manifest " + manifest));
      }
      try (InputStream in = fs.open(path)) {
        FileContent c = new ContentReader(64 * 1024).read(in, path.getName(), 0);
        String text = new String(c.bytes(), 0, c.length(), StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest, e);
    }
  }

  private static String unquote(String s) {
    String t = s.strip();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        ? t.substring(1, t.length() - 1)
        : t;
  }

  /** {@code LastModifiedDate} → {@code last_modified_date}, as S3 Inventory's Parquet names it. */
  static String snake(String name) {
    return name.strip().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** Executor side: one manifest row → a listing row, if under the root and named like an input. */
  static final class ToListingRow implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String scheme;
    private final String authority;
    private final String rootPath;
    private final Pattern fileName;
    private final boolean encodedKeys;

    ToListingRow(HadoopConf conf, String root, Pattern fileName, boolean encodedKeys) {
      URI r = URI.create(root);
      this.conf = conf;
      this.scheme = r.getScheme();
      this.authority = r.getAuthority();
      String p = r.getPath() == null ? "" : r.getPath();
      this.rootPath = p.endsWith("/") ? p : p + "/";
      this.fileName = fileName;
      this.encodedKeys = encodedKeys;
    }

    @Override
    public Iterator<Row> call(Row row) throws IOException {
      String key = row.getString(1);
      if (key == null || key.isEmpty()) {
        return List.<Row>of().iterator();
      }
      if (encodedKeys) {
        key = URLDecoder.decode(key, StandardCharsets.UTF_8);
      }
      String bucket = row.isNullAt(0) ? authority : row.getString(0);
      String path = "/" + key;
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (!path.startsWith(rootPath) || !fileName.matcher(name).matches()) {
        return List.<Row>of().iterator();
      }
      Path file;
      try {
        file = new Path(new URI(scheme, bucket, path, null, null));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("manifest key " + key + " is not a valid path", e);
      }
      Long size = row.isNullAt(2) ? null : row.getLong(2);
      Long mtime = row.isNullAt(3) ? null : parseTime(row.getString(3));
      if (size == null || mtime == null) {
        try {
          FileStatus st = file.getFileSystem(conf.get()).getFileStatus(file);
          size = st.getLen();
          mtime = st.getModificationTime();
        } catch (FileNotFoundException e) {
          return List.<Row>of().iterator(); // deleted since the report was made
        }
      }
      List<Row> out = new ArrayList<>(1);
      out.add(RowFactory.create(ArchiveListing.canonical(file), size, mtime));
      return out.iterator();
    }

    /** S3 Inventory writes ISO-8601 ({@code 2024-03-07T13:45:09.000Z}); also plain epoch millis. */
    static Long parseTime(String text) {
      String t = text.strip();
      if (t.isEmpty()) {
        return null;
      }
      if (t.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(t);
      }
      try {
        return OffsetDateTime.parse(t).toInstant().toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        return Instant.parse(t).toEpochMilli();
      }
    }
  }
}
