"""Read an oopslake lake's Iceberg tables from Python with DuckDB: no Spark, no pyiceberg.

The embedded lake is an Iceberg Hadoop catalog: ``<lake>/<namespace>/<table>/metadata/vN.metadata.json``,
with ``version-hint.text`` naming N. A table's rows are the live data files of its current snapshot, which
its manifest list and manifests (Avro) name; a folder glob of ``data/*.parquet`` would also read the files of
snapshots a later commit replaced, and count rows twice.

DuckDB's ``iceberg`` extension is used when it loads; where it cannot be installed (no network, as on the
build machines) the reader walks the current snapshot's manifests with fastavro itself and hands DuckDB
exactly the live Parquet files.

    lake = Lake("demo/lake")
    lake.sql("SELECT title, count(*) AS n FROM crashes GROUP BY title ORDER BY n DESC").df()
    lake.df("clusters")                      # pandas
    lake.exists("cluster_state")             # morning tables may not be there yet

Limits: tables with row-level delete files (Iceberg v2 merge-on-read) are refused rather than read
wrong (oopslake writes copy-on-write, so it writes none); columns are matched by name, not by Iceberg field
id, so a renamed column reads as missing in files written before the rename.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb
import fastavro
import pyarrow as pa

# Manifest entry status (Iceberg spec): 0 EXISTING, 1 ADDED, 2 DELETED. DELETED entries record files
# the snapshot removed; they are kept in the manifest for history only.
_DELETED = 2
# Manifest content (spec v2): 0 data files, 1 delete files. v1 manifests have no content field.
_DATA = 0
_METADATA_FILE = re.compile(r"^v(\d+)\.metadata\.json$")

__all__ = ["Lake", "LakeReadError", "Snapshot"]


class LakeReadError(Exception):
    """The lake or a table cannot be read as asked; the message says which file and why."""


@dataclass(frozen=True)
class Snapshot:
    """One snapshot of a table: its id, parent, operation and the live data files it holds."""

    snapshot_id: int
    parent_id: int | None
    operation: str
    timestamp_ms: int
    summary: dict
    files: tuple[str, ...]


class Lake:
    """The tables of one embedded oopslake lake, read through DuckDB.

    ``path`` is the ``--lake`` folder (a path or a ``file://`` URI). ``use_extension``: try DuckDB's
    ``iceberg`` extension first (default from ``OOPSLAKE_ICEBERG_EXTENSION``: ``on`` / ``off``);
    ``reader`` then says which way tables are read.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        namespace: str = "oopslake",
        con: duckdb.DuckDBPyConnection | None = None,
        use_extension: bool | None = None,
    ):
        self.root = Path(_local_path(str(path))).resolve()
        self.namespace = namespace
        self.dir = self.root / namespace
        if not self.dir.is_dir():
            raise LakeReadError(
                f"{self.dir}: no such namespace folder; is {self.root} a lake written by "
                "`jobs/oopslake nightly --lake ...`?"
            )
        self.con = con if con is not None else duckdb.connect()
        if use_extension is None:
            use_extension = os.environ.get("OOPSLAKE_ICEBERG_EXTENSION", "on") != "off"
        self.reader = "manifests"
        self.extension_error = None
        if use_extension:
            self.extension_error = _load_iceberg(self.con)
            if self.extension_error is None:
                self.reader = "iceberg extension"

    def __repr__(self) -> str:
        return f"Lake({str(self.root)!r}, tables={self.tables()}, reader={self.reader!r})"

    # ---- metadata ---------------------------------------------------------------------------------

    def tables(self) -> list[str]:
        """Every table of the namespace that has metadata, sorted."""
        return sorted(
            p.name for p in self.dir.iterdir() if (p / "metadata").is_dir() and _versions(p / "metadata")
        )

    def exists(self, table: str) -> bool:
        return (self.dir / table / "metadata").is_dir() and bool(_versions(self.dir / table / "metadata"))

    def metadata_file(self, table: str) -> Path:
        """The table's current ``vN.metadata.json``, found as Iceberg's Hadoop catalog finds it."""
        meta = self.dir / table / "metadata"
        versions = _versions(meta) if meta.is_dir() else {}
        if not versions:
            raise LakeReadError(f"table {table}: no {meta}/v*.metadata.json (tables: {self.tables()})")
        version = None
        hint = meta / "version-hint.text"
        if hint.exists():
            try:
                version = int(hint.read_text().strip())
            except ValueError:
                version = None
        if version is None or version not in versions:
            version = max(versions)
        # The hint is written after the metadata file; a commit cut between the two leaves it one
        # behind, and the catalog then looks for newer versions, as here.
        while version + 1 in versions:
            version += 1
        return versions[version]

    def metadata(self, table: str) -> dict:
        with open(self.metadata_file(table)) as f:
            return json.load(f)

    def schema(self, table: str) -> list[dict]:
        """The current schema's fields (Iceberg JSON: id, name, required, type)."""
        m = self.metadata(table)
        if "schemas" in m:
            current = m.get("current-schema-id", 0)
            return next(s for s in m["schemas"] if s.get("schema-id", 0) == current)["fields"]
        return m["schema"]["fields"]  # format v1 without a schema list

    def snapshots(self, table: str) -> list[dict]:
        """The table's snapshots as its metadata lists them (oldest first)."""
        return list(self.metadata(table).get("snapshots", []))

    def snapshot(self, table: str, snapshot_id: int | None = None) -> Snapshot | None:
        """A snapshot with its live data files; the current one when ``snapshot_id`` is None."""
        m = self.metadata(table)
        if snapshot_id is None:
            snapshot_id = m.get("current-snapshot-id")
            if snapshot_id is None or snapshot_id == -1:
                return None
        snap = next((s for s in m.get("snapshots", []) if s["snapshot-id"] == snapshot_id), None)
        if snap is None:
            raise LakeReadError(f"table {table}: no snapshot {snapshot_id} in {self.metadata_file(table)}")
        table_dir = self.dir / table
        files = []
        for manifest in self._manifests(table, m, snap):
            for entry in _avro_records(self._local(manifest["manifest_path"], m, table_dir)):
                if entry["status"] == _DELETED:
                    continue
                data_file = entry["data_file"]
                if data_file.get("content", _DATA) != _DATA:
                    raise LakeReadError(
                        f"table {table}: snapshot {snapshot_id} has row-level delete files "
                        f"({data_file['file_path']}), which this reader does not apply; "
                        "compact the table (`jobs/oopslake maintain`) or read it with Spark"
                    )
                if data_file.get("file_format", "PARQUET").upper() != "PARQUET":
                    raise LakeReadError(
                        f"table {table}: {data_file['file_path']} is {data_file['file_format']}, not Parquet"
                    )
                files.append(str(self._local(data_file["file_path"], m, table_dir)))
        summary = snap.get("summary", {})
        return Snapshot(
            snapshot_id=snapshot_id,
            parent_id=snap.get("parent-snapshot-id"),
            operation=summary.get("operation", ""),
            timestamp_ms=snap.get("timestamp-ms", 0),
            summary=summary,
            files=tuple(sorted(files)),
        )

    def data_files(self, table: str) -> list[str]:
        """Local paths of the current snapshot's live data files."""
        snap = self.snapshot(table)
        return [] if snap is None else list(snap.files)

    def _manifests(self, table: str, m: dict, snap: dict) -> list[dict]:
        table_dir = self.dir / table
        if "manifest-list" in snap:
            manifests = list(_avro_records(self._local(snap["manifest-list"], m, table_dir)))
        else:  # format v1 may inline the manifest paths
            manifests = [{"manifest_path": p} for p in snap.get("manifests", [])]
        for mf in manifests:
            # A delete manifest whose entries are all deleted holds nothing to apply.
            if mf.get("content", _DATA) != _DATA and (
                mf.get("added_files_count") or mf.get("existing_files_count")
            ):
                raise LakeReadError(
                    f"table {table}: the current snapshot has delete manifests ({mf['manifest_path']}), "
                    "which this reader does not apply; compact the table (`jobs/oopslake maintain`) "
                    "or read it with Spark"
                )
        return [mf for mf in manifests if mf.get("content", _DATA) == _DATA]

    def _local(self, uri: str, m: dict, table_dir: Path) -> Path:
        """A path the metadata names, re-rooted on this table's folder when the lake was moved."""
        path = _local_path(uri)
        location = _local_path(m.get("location", ""))
        if location and (path == location or path.startswith(location.rstrip("/") + "/")):
            return table_dir / path[len(location.rstrip("/")) + 1 :]
        return Path(path)

    # ---- rows -------------------------------------------------------------------------------------

    def relation(self, table: str) -> duckdb.DuckDBPyRelation:
        """The table's current rows as a DuckDB relation, columns in schema order."""
        if self.reader == "iceberg extension":
            return self.con.sql(f"SELECT * FROM iceberg_scan({_quote(str(self.metadata_file(table)))})")
        fields = self.schema(table)
        files = self.data_files(table)
        if not files:
            return self.con.from_arrow(_empty(fields))
        rel = self.con.read_parquet(files, union_by_name=True)
        present = set(rel.columns)
        cols = [
            _ident(f["name"]) if f["name"] in present else f"NULL AS {_ident(f['name'])}" for f in fields
        ]
        return rel.select(", ".join(cols))

    def df(self, table: str):
        """The table's current rows as a pandas DataFrame."""
        return self.relation(table).df()

    def arrow(self, table: str) -> pa.Table:
        rel = self.relation(table)
        return rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()

    def register(self, *tables: str) -> list[str]:
        """Makes each table (default: every table) a DuckDB view under its own name; returns the names."""
        names = list(tables) or self.tables()
        for t in names:
            self.relation(t).create_view(t, replace=True)
        return names

    def sql(self, query: str, params=None) -> duckdb.DuckDBPyRelation:
        """DuckDB SQL over the lake: every table is a view under its own name."""
        if not getattr(self, "_registered", False):
            self.register()
            self._registered = True
        return self.con.sql(query, params=params) if params is not None else self.con.sql(query)


# ---- helpers ---------------------------------------------------------------------------------------


def _load_iceberg(con: duckdb.DuckDBPyConnection) -> str | None:
    """Loads DuckDB's iceberg extension, installing it if needed; returns why not, or None."""
    try:
        con.execute("LOAD iceberg")
        return None
    except Exception:  # not installed yet
        pass
    try:
        con.execute("INSTALL iceberg")
        con.execute("LOAD iceberg")
        return None
    except Exception as e:  # noqa: BLE001 - any failure means: read through the manifests
        return str(e).splitlines()[0] if str(e) else type(e).__name__


def _versions(meta: Path) -> dict[int, Path]:
    out = {}
    for p in meta.iterdir():
        match = _METADATA_FILE.match(p.name)
        if match:
            out[int(match.group(1))] = p
    return out


def _local_path(uri: str) -> str:
    """``file:/x``, ``file:///x`` and ``/x`` as ``/x``; other schemes are refused."""
    if not uri:
        return uri
    parsed = urlparse(uri)
    if parsed.scheme in ("", "file"):
        return unquote(parsed.path) if parsed.scheme else uri
    if len(parsed.scheme) == 1:  # a Windows drive letter, not a scheme
        return uri
    raise LakeReadError(f"{uri}: only local lakes (file:// or a path) can be read here, not {parsed.scheme}://")


def _avro_records(path: Path):
    try:
        with open(path, "rb") as f:
            yield from fastavro.reader(f)
    except FileNotFoundError as e:
        raise LakeReadError(f"{path}: named by the table's metadata but missing ({e.strerror})") from e


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _arrow_type(t) -> pa.DataType:
    if isinstance(t, dict):
        if t["type"] == "list":
            return pa.list_(_arrow_type(t["element"]))
        if t["type"] == "struct":
            return pa.struct([pa.field(f["name"], _arrow_type(f["type"])) for f in t["fields"]])
        if t["type"] == "map":
            return pa.map_(_arrow_type(t["key"]), _arrow_type(t["value"]))
        raise LakeReadError(f"unknown Iceberg type {t}")
    simple = {
        "boolean": pa.bool_(),
        "int": pa.int32(),
        "long": pa.int64(),
        "float": pa.float32(),
        "double": pa.float64(),
        "date": pa.date32(),
        "time": pa.time64("us"),
        "timestamp": pa.timestamp("us"),
        "timestamptz": pa.timestamp("us", tz="UTC"),
        "string": pa.string(),
        "uuid": pa.string(),
        "binary": pa.binary(),
    }
    if t in simple:
        return simple[t]
    if t.startswith("decimal"):
        p, s = (int(x) for x in t[t.index("(") + 1 : -1].split(","))
        return pa.decimal128(p, s)
    if t.startswith("fixed"):
        return pa.binary()
    raise LakeReadError(f"unknown Iceberg type {t}")


def _empty(fields: list[dict]) -> pa.Table:
    schema = pa.schema([pa.field(f["name"], _arrow_type(f["type"])) for f in fields])
    return schema.empty_table()


def have(lake: Lake, table: str) -> bool:
    """True when the lake holds ``table``; otherwise shows a note in the notebook and returns False.

    The morning tables (``cluster_state``, ``release_rates``, ...) are written by nightly runs of an
    oopslake that has them; a lake from an older build lacks them, and a notebook section over one of
    them says so instead of failing.
    """
    if lake.exists(table):
        return True
    note = (
        f"**`{table}` is not in this lake** ({lake.root}): this section is skipped. "
        "Tables are written by `jobs/oopslake nightly`; run it with a current build to add the morning tables."
    )
    try:
        from IPython.display import Markdown, display

        display(Markdown("> " + note))
    except ImportError:
        print(note)
    return False
