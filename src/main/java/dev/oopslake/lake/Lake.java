package dev.oopslake.lake;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The lake: Iceberg tables in one namespace of one catalog, reached through the Spark session's
 * catalog settings, so Spark SQL and the commits below see the same tables. Every table name, table
 * creation, schema check and derived-table write goes through here.
 */
public final class Lake {
  /** Snapshot summary keys oopslake sets on each of its commits. */
  public static final String RUN_ID = "oopslake.run-id";

  /** The {@code crashes} snapshot a derived table was computed from. */
  public static final String SOURCE_SNAPSHOT = "oopslake.source-snapshot";

  /**
   * The table layout this build writes. A table whose property is higher was written by a newer
   * oopslake: its columns may mean things this build does not know, so this build refuses it.
   */
  static final int SCHEMA_VERSION = 2;

  static final String SCHEMA_VERSION_KEY = "oopslake.schema-version";

  private final SparkSession spark;
  private final LakeLocation location;
  private final Catalog catalog;
  private final Namespace namespace;

  private Lake(SparkSession spark, LakeLocation location, Catalog catalog) {
    this.spark = spark;
    this.location = location;
    this.catalog = catalog;
    this.namespace = Namespace.of(location.namespace());
  }

  /** The lake at {@code location}, its namespace created if missing. */
  public static Lake open(SparkSession spark, LakeLocation location) {
    // Catalog settings are runtime SQL settings: a session made without them (tests, a shell)
    // reaches the lake too. A catalog Spark already made keeps the settings it was made with.
    location.sparkConf().forEach((k, v) -> spark.conf().set(k, v));
    CatalogPlugin plugin;
    try {
      plugin = spark.sessionState().catalogManager().catalog(location.catalog());
    } catch (Exception e) { // Spark's CatalogNotFoundException is checked, and undeclared
      if (spark.conf().contains("spark.sql.catalog." + location.catalog())) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        throw LakeError.config(
            "cannot reach catalog '"
                + location.catalog()
                + "' ("
                + oneLine(root.getMessage())
                + "): check spark.sql.catalog."
                + location.catalog()
                + ".uri and that its server is up",
            e);
      }
      throw LakeError.config(
          "no Spark catalog '"
              + location.catalog()
              + "': set spark.sql.catalog."
              + location.catalog()
              + "=org.apache.iceberg.spark.SparkCatalog and its type/uri/warehouse keys",
          e);
    }
    if (!(plugin instanceof SparkCatalog iceberg)) {
      throw LakeError.config(
          "spark.sql.catalog."
              + location.catalog()
              + " is "
              + plugin.getClass().getName()
              + ", not an Iceberg catalog: set it to org.apache.iceberg.spark.SparkCatalog");
    }
    refuseOldLayout(spark, location);
    Lake lake = new Lake(spark, location, iceberg.icebergCatalog());
    lake.ensureNamespace();
    return lake;
  }

  /**
   * A folder of the project's earlier layout (per-run folders and {@code _runs} commit markers) is
   * not an Iceberg warehouse: say how to move rather than start a second lake beside it.
   */
  private static void refuseOldLayout(SparkSession spark, LakeLocation location) {
    String warehouse =
        location.sparkConf().get("spark.sql.catalog." + location.catalog() + ".warehouse");
    if (warehouse == null) {
      return;
    }
    try {
      org.apache.hadoop.fs.Path markers =
          new org.apache.hadoop.fs.Path(java.net.URI.create(warehouse + "/_runs"));
      if (markers.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(markers)) {
        throw LakeError.config(
            warehouse
                + " holds a lake of oopslake's old layout (_runs/ commit markers), not Iceberg tables:"
                + " run the nightly with --rebuild into a new --lake (README: From an old-layout lake)");
      }
    } catch (java.io.IOException e) {
      throw LakeError.config("cannot read --lake " + warehouse + ": " + oneLine(e.getMessage()), e);
    }
  }

  private void ensureNamespace() {
    if (!(catalog instanceof SupportsNamespaces ns)) {
      return;
    }
    try {
      if (!ns.namespaceExists(namespace)) {
        ns.createNamespace(namespace);
      }
    } catch (AlreadyExistsException raced) {
      // Another run created it first.
    } catch (RuntimeException e) {
      throw LakeError.config(
          "cannot reach catalog '" + location.catalog() + "': " + oneLine(e.getMessage()), e);
    }
  }

  public LakeLocation location() {
    return location;
  }

  public SparkSession spark() {
    return spark;
  }

  /**
   * Fails with one line, before a writer reads any data, when the lake cannot be written: the
   * warehouse (where tables go) and the scratch folder must take a file. A probe file is created
   * and deleted in each; a reader ({@code sql}) never calls this.
   */
  public void checkWritable() {
    String warehouse =
        spark.conf().get("spark.sql.catalog." + location.catalog() + ".warehouse", null);
    if (warehouse != null) {
      probe(warehouse, "the lake's warehouse");
    }
    probe(scratch(), "the lake's scratch folder");
  }

  private void probe(String folder, String what) {
    try {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(java.net.URI.create(folder));
      org.apache.hadoop.fs.FileSystem fs =
          dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.mkdirs(dir)) {
        throw new java.io.IOException("cannot create the folder");
      }
      org.apache.hadoop.fs.Path probe =
          new org.apache.hadoop.fs.Path(dir, "_write-probe-" + java.util.UUID.randomUUID());
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (java.io.IOException | RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw LakeError.config(
          "cannot write "
              + what
              + " "
              + folder
              + " ("
              + oneLine(String.valueOf(root.getMessage()))
              + "): give --lake a folder this user can write, or fix spark.sql.catalog."
              + location.catalog()
              + ".warehouse / lake.scratch",
          e);
    }
  }

  /** Where a run keeps scratch files: under the embedded warehouse, or the configured place. */
  public String scratch() {
    if (location.scratch() != null) {
      return location.scratch();
    }
    String warehouse =
        spark.conf().get("spark.sql.catalog." + location.catalog() + ".warehouse", null);
    if (warehouse == null) {
      throw LakeError.config(
          "catalog '"
              + location.catalog()
              + "' has no warehouse setting: set lake.scratch in conf/oopslake.yaml to a folder"
              + " every executor can read");
    }
    return warehouse.replaceAll("/$", "") + "/_oopslake_scratch";
  }

  TableIdentifier id(String table) {
    return TableIdentifier.of(namespace, table);
  }

  /** The table's name in Spark SQL. */
  public String sqlName(String table) {
    return location.sqlName(table);
  }

  public boolean exists(String table) {
    return catalog.tableExists(id(table));
  }

  /**
   * The Iceberg table, freshly loaded; {@code files} and {@code crashes} are created with their
   * schema and partitioning if missing. Refuses a table written by a newer oopslake.
   */
  public Table table(String name) {
    Table t;
    try {
      t = catalog.loadTable(id(name));
    } catch (NoSuchTableException e) {
      StructType schema = ingestSchema(name);
      if (schema == null) {
        throw e;
      }
      t = create(name, schema);
    }
    t.refresh();
    checkVersion(name, t);
    return t;
  }

  /**
   * An ingest table ({@code files}, {@code crashes}) with every column of this build's contract:
   * one made by an older oopslake gains the columns it lacks, each optional (its old rows read null
   * until re-read) and where the contract places it, and the newer layout version, in one metadata
   * commit. No data file is rewritten; every engine reads the new columns at once. Called by a
   * run's ingest before it writes, never by a reader.
   */
  public Table upToDate(String name) {
    Table t = table(name);
    StructType contract = ingestSchema(name);
    if (missing(t, contract).isEmpty()) {
      return t;
    }
    try {
      addColumns(t, contract);
    } catch (RuntimeException e) {
      // Another run may have added them first: its commit is as good as ours.
      t = table(name);
      if (!missing(t, contract).isEmpty()) {
        throw LakeError.run("cannot add the new columns of table " + name + ": " + e, e);
      }
    }
    return table(name);
  }

  private static List<StructField> missing(Table t, StructType contract) {
    return Arrays.stream(contract.fields())
        .filter(f -> t.schema().findField(f.name()) == null)
        .toList();
  }

  private static void addColumns(Table t, StructType contract) {
    Schema wanted = SparkSchemaUtil.convert(contract);
    Transaction tx = t.newTransaction();
    UpdateSchema update = tx.updateSchema();
    StructField[] fields = contract.fields();
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      if (t.schema().findField(name) != null) {
        continue;
      }
      if (!fields[i].nullable()) {
        // Old rows have no value for it; a required column cannot be added to a table with rows.
        throw new IllegalStateException(
            "a column added in a later layout must be nullable: " + name);
      }
      update.addColumn(name, wanted.findField(name).type());
      if (i == 0) {
        update.moveFirst(name);
      } else {
        update.moveAfter(name, fields[i - 1].name());
      }
    }
    update.commit();
    tx.updateProperties().set(SCHEMA_VERSION_KEY, String.valueOf(SCHEMA_VERSION)).commit();
    tx.commitTransaction();
  }

  private static StructType ingestSchema(String name) {
    return switch (name) {
      case LakeTables.FILES -> LakeTables.FILE;
      case LakeTables.CRASHES -> LakeTables.CRASH;
      default -> null;
    };
  }

  private Table create(String name, StructType sparkSchema) {
    Schema schema = SparkSchemaUtil.convert(sparkSchema);
    try {
      return catalog
          .buildTable(id(name), schema)
          .withPartitionSpec(LakeTables.spec(name, schema))
          .withSortOrder(LakeTables.sortOrder(name, schema))
          .withProperties(tableProperties())
          .create();
    } catch (AlreadyExistsException raced) {
      return catalog.loadTable(id(name));
    }
  }

  static Map<String, String> tableProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    // v2: row-level deletes and sequence numbers; every engine named in README reads it.
    p.put(TableProperties.FORMAT_VERSION, "2");
    p.put(TableProperties.PARQUET_COMPRESSION, "zstd");
    p.put(SCHEMA_VERSION_KEY, String.valueOf(SCHEMA_VERSION));
    return p;
  }

  private void checkVersion(String name, Table t) {
    String v = t.properties().get(SCHEMA_VERSION_KEY);
    if (v != null && Integer.parseInt(v) > SCHEMA_VERSION) {
      throw LakeError.config(
          "table "
              + name
              + " has layout version "
              + v
              + ", newer than this oopslake's "
              + SCHEMA_VERSION
              + ": run a newer oopslake on this lake");
    }
  }

  /**
   * Whether the table had {@code column} at a snapshot: a read as of a snapshot sees the columns of
   * its time, so a column a later layout added is absent from the snapshots before it.
   */
  public boolean hasColumnAt(String name, long snapshotId, String column) {
    Table t = table(name);
    Snapshot s = t.snapshot(snapshotId);
    Schema schema = s == null || s.schemaId() == null ? t.schema() : t.schemas().get(s.schemaId());
    return (schema == null ? t.schema() : schema).findField(column) != null;
  }

  /** The names of the table's top-level columns, from its metadata (no Spark query). */
  public List<String> columns(String table) {
    return table(table).schema().columns().stream().map(Types.NestedField::name).toList();
  }

  /** The table's rows as Spark sees its current snapshot. */
  public Dataset<Row> read(String table) {
    String name = sqlName(table);
    spark.catalog().refreshTable(name);
    return spark.table(name);
  }

  /** The table's rows as of one snapshot (time travel). */
  public Dataset<Row> readAt(String table, long snapshotId) {
    return spark.read().option("versionAsOf", snapshotId).table(sqlName(table));
  }

  /**
   * The rows of {@code columns} as of one snapshot, read on the driver with no Spark job (as a
   * {@code collectAsList} of {@link #readAt}'s select would give them): for the derived tables'
   * state, one row per signature or cell, which a night merges on the driver.
   */
  public List<Row> rowsAt(String table, long snapshotId, List<String> columns) {
    try {
      return GenericRows.read(
          table(table),
          snapshotId,
          columns,
          org.apache.iceberg.expressions.Expressions.alwaysTrue());
    } catch (java.io.IOException e) {
      throw LakeError.run("cannot read table " + table + ": " + oneLine(e.getMessage()), e);
    }
  }

  /**
   * The ingest runs whose rows a table gained between two of its snapshots ({@code from} excluded),
   * when rows were only added: then {@link #rowsOfRuns} reads exactly what is new. Empty when
   * {@code from} is not an ancestor of {@code to} (expired, rolled back), or a snapshot between
   * removed or replaced rows (a re-read file, a rebuild, a delete by hand): the caller then
   * recomputes from all rows. Compactions ({@code replace} snapshots) move rows between files and
   * change none.
   */
  public java.util.Optional<List<String>> runsSince(String table, long from, long to) {
    Table t = table(table);
    List<String> runs = new java.util.ArrayList<>();
    Snapshot s = t.snapshot(to);
    while (s != null && s.snapshotId() != from) {
      Map<String, String> sum = s.summary();
      boolean compaction = org.apache.iceberg.DataOperations.REPLACE.equals(s.operation());
      if (!compaction) {
        String run = sum.get(RUN_ID);
        if (run == null
            || count(sum, "deleted-records") > 0
            || count(sum, "removed-position-deletes") > 0
            || count(sum, "removed-equality-deletes") > 0
            || count(sum, "added-delete-files") > 0) {
          return java.util.Optional.empty();
        }
        runs.add(run);
      }
      s = s.parentId() == null ? null : t.snapshot(s.parentId());
    }
    return s == null ? java.util.Optional.empty() : java.util.Optional.of(List.copyOf(runs));
  }

  private static long count(Map<String, String> summary, String key) {
    String v = summary.get(key);
    return v == null ? 0 : Long.parseLong(v);
  }

  /** The rows that {@code runs} added, as of {@code snapshotId} (see {@link #runsSince}). */
  public Dataset<Row> rowsOfRuns(String table, long snapshotId, List<String> runs) {
    // Each data file an ingest writes holds one run id, so Iceberg skips the other files by the
    // column's min/max metrics; compacted files are filtered row by row.
    return readAt(table, snapshotId).where(functions.col("run_id").isin(runs.toArray()));
  }

  /**
   * Two columns of the table's current rows as a map, first to second, read on the driver ({@link
   * #rowsAt}); empty for a table not made yet. For lookups the derived tables make (each
   * signature's cluster, its title).
   */
  public Map<String, String> mapOf(String table, String key, String value) {
    Snapshot s = current(table);
    Map<String, String> out = new java.util.HashMap<>();
    if (s != null) {
      for (Row r : rowsAt(table, s.snapshotId(), List.of(key, value))) {
        out.put(r.getString(0), r.getString(1));
      }
    }
    return out;
  }

  /**
   * As {@link #rowsOfRuns} on the driver, with no Spark job ({@link #rowsAt}): for a night's few
   * new rows.
   */
  public List<Row> rowsOfRunsAt(
      String table, long snapshotId, List<String> runs, List<String> columns) {
    try {
      return GenericRows.read(
          table(table),
          snapshotId,
          columns,
          org.apache.iceberg.expressions.Expressions.in("run_id", runs.toArray()));
    } catch (java.io.IOException e) {
      throw LakeError.run("cannot read table " + table + ": " + oneLine(e.getMessage()), e);
    }
  }

  /**
   * The rows {@code runs} added to {@code table} up to {@code snapshotId}, from the snapshots'
   * summaries (no data read): how big {@link #rowsOfRuns} is.
   */
  public long recordsOfRuns(String table, long snapshotId, List<String> runs) {
    Table t = table(table);
    long records = 0;
    for (Snapshot s = t.snapshot(snapshotId);
        s != null;
        s = s.parentId() == null ? null : t.snapshot(s.parentId())) {
      // A commit of the user's own SQL carries no run id.
      String run = s.summary().get(RUN_ID);
      if (run != null
          && runs.contains(run)
          && !org.apache.iceberg.DataOperations.REPLACE.equals(s.operation())) {
        records += count(s.summary(), "added-records");
      }
    }
    return records;
  }

  /** The latest snapshot of {@code table}, or null for a table without one (or none at all). */
  public Snapshot current(String table) {
    if (!exists(table)) {
      return null;
    }
    return table(table).currentSnapshot();
  }

  /**
   * Replaces every row of a derived table in one Iceberg commit (readers see the old rows or the
   * new, never a mix or nothing), creating the table the first time. {@code summary} goes into the
   * snapshot's summary.
   */
  public void replace(String table, Dataset<Row> rows, Map<String, String> summary) {
    var writer = rows.writeTo(sqlName(table));
    for (Map.Entry<String, String> e : summary.entrySet()) {
      writer = writer.option("snapshot-property." + e.getKey(), e.getValue());
    }
    if (exists(table)) {
      Table t = table(table);
      checkVersion(table, t);
      if (!sameColumns(SparkSchemaUtil.convert(t.schema()), rows.schema())) {
        // A derived table from an older oopslake: replaced with its new columns in one atomic
        // commit (Iceberg's REPLACE TABLE keeps the history), as every row is rewritten anyway.
        for (Map.Entry<String, String> e : tableProperties().entrySet()) {
          writer = writer.tableProperty(e.getKey(), e.getValue());
        }
        writer.createOrReplace();
        return;
      }
      try {
        writer.overwrite(functions.lit(true));
      } catch (org.apache.spark.sql.AnalysisException e) {
        throw LakeError.run("cannot replace table " + table + ": " + oneLine(e.getMessage()), e);
      }
    } else {
      for (Map.Entry<String, String> e : tableProperties().entrySet()) {
        writer = writer.tableProperty(e.getKey(), e.getValue());
      }
      try {
        writer.create();
      } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException raced) {
        replace(table, rows, summary);
      }
    }
  }

  /**
   * As {@link #replace(String, Dataset, Map)} for rows the driver already holds ({@code schema}'s
   * columns, the table's order): written into one data file here by Iceberg's generic writer and
   * committed, with no Spark job. The derived tables of a night are counted on the driver, and a
   * Spark write of a few thousand rows costs its planning, code generation and a job. A table not
   * made yet is created with the rows' columns; one partitioned, or made with other columns (an
   * older oopslake's), goes through Spark's writer.
   */
  public void replace(
      String table, StructType schema, List<Row> rows, Map<String, String> summary) {
    // A new table is created here, with the columns of the rows, as Spark's writer would.
    Table t = exists(table) ? table(table) : create(table, schema);
    if (t.spec().isPartitioned() || !sameColumns(SparkSchemaUtil.convert(t.schema()), schema)) {
      replace(table, spark.createDataFrame(rows, schema).coalesce(1), summary);
      return;
    }
    Snapshot base = t.currentSnapshot();
    // No rows, no data file: Iceberg's writer creates its file with the first row, and a snapshot
    // must not list one that was never written (readers of the listed files would fail on it).
    org.apache.iceberg.DataFile file;
    try {
      file = rows.isEmpty() ? null : GenericRows.write(t, rows);
    } catch (java.io.IOException | RuntimeException e) {
      throw LakeError.run("cannot write table " + table + ": " + oneLine(e.getMessage()), e);
    }
    org.apache.iceberg.OverwriteFiles overwrite =
        t.newOverwrite()
            .overwriteByRowFilter(org.apache.iceberg.expressions.Expressions.alwaysTrue());
    if (file != null) {
      overwrite.addFile(file);
    }
    if (base != null) {
      // Another writer's commit since this one read the table fails this one, as in a Spark write
      // with serializable isolation, instead of being overwritten unseen.
      overwrite
          .validateFromSnapshot(base.snapshotId())
          .validateNoConflictingData()
          .validateNoConflictingDeletes();
    }
    summary.forEach(overwrite::set);
    try {
      overwrite.commit();
    } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
      throw e; // the commit may have landed: its file stays (maintain removes it if orphaned)
    } catch (RuntimeException e) {
      if (file != null) {
        t.io().deleteFile(file.location());
      }
      throw e;
    }
  }

  /** Whether two schemas have the same column names and types, nullability aside. */
  private static boolean sameColumns(StructType a, StructType b) {
    // A catalog string names every column and type, nested ones too, and no nullability.
    return a.catalogString().equals(b.catalogString());
  }

  /**
   * {@code sparkSchema} with each column's Iceberg field id as Parquet field-id metadata, so data
   * files a task writes itself map to the table's columns by id, as Iceberg's own writers' do.
   */
  public static StructType withFieldIds(StructType sparkSchema, Schema schema) {
    StructField[] fields = sparkSchema.fields();
    StructField[] out = new StructField[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Types.NestedField f = schema.findField(fields[i].name());
      if (f == null) {
        throw LakeError.config(
            "table has no column " + fields[i].name() + ": it was not created by this oopslake");
      }
      MetadataBuilder m =
          new MetadataBuilder()
              .withMetadata(fields[i].metadata())
              .putLong(ParquetRows.FIELD_ID_KEY, f.fieldId());
      if (f.type() instanceof Types.ListType list) {
        m.putLong(ParquetRows.ELEMENT_ID_KEY, list.elementId());
      }
      out[i] =
          fields[i].copy(fields[i].name(), fields[i].dataType(), fields[i].nullable(), m.build());
    }
    return new StructType(out);
  }

  /** The run id in the latest snapshot of {@code table} that has one, or null. */
  public String lastRunId(String table) {
    Snapshot s = current(table);
    Table t = s == null ? null : table(table);
    while (s != null) {
      String run = s.summary().get(RUN_ID);
      if (run != null) {
        return run;
      }
      s = s.parentId() == null ? null : t.snapshot(s.parentId());
    }
    return null;
  }

  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /**
   * Every table of the lake that exists, in {@link LakeTables#ALL} order: one listing of the
   * namespace, not a metadata load per table (a query names one or two of them).
   */
  public List<String> tables() {
    java.util.Set<String> present = new java.util.HashSet<>();
    List<TableIdentifier> listed;
    try {
      listed = catalog.listTables(namespace);
    } catch (NoSuchNamespaceException e) {
      // No run has written here (or the location is mistyped): a lake without tables.
      return List.of();
    }
    for (TableIdentifier id : listed) {
      present.add(id.name());
    }
    return LakeTables.ALL.stream().filter(present::contains).toList();
  }
}
