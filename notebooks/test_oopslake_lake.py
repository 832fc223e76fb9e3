"""The notebooks' lake reader against a real lake and Spark's answers on it.

Needs OOPSLAKE_LAKE: a lake where a second nightly run replaced the first run's files
(`notebooks/run-all.sh` builds one: `nightly`, then `nightly --since 2000-01-01`).
"""

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import fastavro
import pytest

from oopslake_lake import Lake, LakeReadError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lake_path() -> Path:
    path = os.environ.get("OOPSLAKE_LAKE")
    assert path, "set OOPSLAKE_LAKE to a lake with an overwritten table (notebooks/run-all.sh builds one)"
    return Path(path)


@pytest.fixture(scope="module")
def lake(lake_path) -> Lake:
    return Lake(lake_path)


def spark_sql(lake_path: Path, query: str) -> list[dict]:
    """The query's rows as `jobs/oopslake sql --format csv` prints them."""
    out = subprocess.run(
        [str(REPO / "jobs/oopslake"), "sql", "--lake", str(lake_path), "--format", "csv", query],
        cwd=REPO,  # Spark leaves spark-warehouse/ in its working folder (ignored there)
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return list(csv.DictReader(io.StringIO(out)))


def test_every_table_has_the_rows_spark_reads(lake, lake_path):
    tables = lake.tables()
    assert {"files", "crashes", "signatures", "clusters", "summary_kernel_module"} <= set(tables)
    union = " UNION ALL ".join(f"SELECT '{t}' AS t, count(*) AS n FROM {t}" for t in tables)
    per_signature = "SELECT signature_id, count(*) AS n FROM crashes GROUP BY signature_id"
    spark = {r["t"]: int(r["n"]) for r in spark_sql(lake_path, union)}
    ours = {t: lake.relation(t).count("*").fetchone()[0] for t in tables}
    assert ours == spark, "row count per table, reader vs Spark"
    assert ours["crashes"] > 0
    spark_sigs = {r["signature_id"]: int(r["n"]) for r in spark_sql(lake_path, per_signature)}
    our_sigs = dict(lake.sql(per_signature).fetchall())
    assert our_sigs == spark_sigs, "crashes per signature, reader vs Spark"


def test_files_of_a_replaced_snapshot_are_not_read(lake):
    replaced = {}
    for t in lake.tables():
        current = lake.snapshot(t)
        if current is None or current.parent_id is None:
            continue
        before = lake.snapshot(t, current.parent_id)
        gone = set(before.files) - set(current.files)
        if gone:
            replaced[t] = (current, gone)
    assert "crashes" in replaced, "the test lake must have crashes overwritten by a later run"
    for t, (current, gone) in replaced.items():
        assert all(Path(f).exists() for f in gone), f"{t}: replaced files are still on disk"
        assert not gone & set(lake.data_files(t)), f"{t}: no replaced file is read"
        ours = lake.relation(t).count("*").fetchone()[0]
        assert ours == int(current.summary["total-records"]), f"{t}: rows = the snapshot's total-records"
        globbed = duckdb.sql(
            f"SELECT count(*) FROM read_parquet('{lake.dir / t}/data/*.parquet')"
        ).fetchone()[0]
        assert globbed > ours, f"{t}: a folder glob would read the replaced rows too"


def test_empty_table_keeps_its_columns(lake):
    for t in lake.tables():
        if not lake.data_files(t):
            assert lake.relation(t).columns == [f["name"] for f in lake.schema(t)]
            assert lake.df(t).empty


def copy_table(lake: Lake, table: str, to: Path) -> Lake:
    shutil.copytree(lake.dir / table, to / "oopslake" / table)
    return Lake(to, use_extension=False)


def test_a_moved_lake_reads_its_own_files(lake, tmp_path):
    moved = copy_table(lake, "clusters", tmp_path)
    files = moved.data_files("clusters")
    assert files and all(f.startswith(str(tmp_path)) for f in files), "paths re-rooted on the copy"
    assert sorted(moved.df("clusters")["cluster_id"]) == sorted(lake.df("clusters")["cluster_id"])


def test_a_stale_or_missing_version_hint_finds_the_latest_metadata(lake, tmp_path):
    copy = copy_table(lake, "crashes", tmp_path)
    latest = lake.metadata_file("crashes").name
    hint = tmp_path / "oopslake/crashes/metadata/version-hint.text"
    hint.write_text("1")
    assert copy.metadata_file("crashes").name == latest, "a hint one behind (a cut commit)"
    hint.unlink()
    assert copy.metadata_file("crashes").name == latest, "no hint: the highest version"


def test_row_level_deletes_are_refused_not_ignored(lake, tmp_path):
    copy = copy_table(lake, "clusters", tmp_path)
    meta_path = copy.metadata_file("clusters")
    meta = json.loads(meta_path.read_text())
    current = next(s for s in meta["snapshots"] if s["snapshot-id"] == meta["current-snapshot-id"])
    manifest_list = tmp_path / "oopslake/clusters/metadata/with-deletes.avro"
    schema = {
        "type": "record",
        "name": "manifest_file",
        "fields": [
            {"name": "manifest_path", "type": "string"},
            {"name": "content", "type": "int"},
            {"name": "added_files_count", "type": "int"},
            {"name": "existing_files_count", "type": "int"},
        ],
    }
    with open(manifest_list, "wb") as f:
        fastavro.writer(
            f,
            fastavro.parse_schema(schema),
            [{"manifest_path": str(manifest_list), "content": 1, "added_files_count": 1, "existing_files_count": 0}],
        )
    current["manifest-list"] = str(manifest_list)
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(LakeReadError, match="delete manifests"):
        copy.data_files("clusters")


def test_a_folder_that_is_no_lake_says_so(tmp_path):
    with pytest.raises(LakeReadError, match="no such namespace folder"):
        Lake(tmp_path)
