#!/usr/bin/env bash
# Runs every notebook headless against a lake and fails if any cell fails. First: committed notebooks must
# carry no outputs, and the lake reader must read what Spark reads (notebooks/test_oopslake_lake.py).
#   notebooks/run-all.sh                          # builds a small lake in target/notebooks-lake
#   OOPSLAKE_LAKE=demo/lake notebooks/run-all.sh  # an existing lake instead
# The Python environment is target/notebooks-venv (notebooks/requirements.txt); executed copies of the
# notebooks, outputs and plots included, land in target/notebooks-out/.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../jobs/lib.sh"
cd "$OOPSLAKE_HOME"
start=$(date +%s)

venv=target/notebooks-venv
req=notebooks/requirements.txt
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/requirements.txt"; then
  echo "notebooks: creating $venv from $req ..." >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  # Where the default index is unreachable (build machines with a local wheel index), pip's retries
  # per package take minutes before it uses the local index: .ci/run sets PIP_RETRIES=0 there.
  "$venv/bin/pip" install -q -r "$req"
  cp "$req" "$venv/requirements.txt"
fi
py=$venv/bin/python

# Outputs hold a lake's data and make diffs unreadable: notebooks are committed clean.
"$py" - notebooks/*.ipynb <<'EOF'
import sys, nbformat
dirty = []
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            dirty.append(f"{path}: cell {i}")
if dirty:
    sys.exit("notebooks: committed with outputs (clear them: jupyter nbconvert --clear-output --inplace "
             "notebooks/*.ipynb):\n  " + "\n  ".join(dirty))
EOF

tests=(test_oopslake_lake.py)
if [ -n "${OOPSLAKE_LAKE:-}" ]; then
  lake=$(cd "$OOPSLAKE_LAKE" && pwd)
  # A lake of one run has no replaced snapshot to test against; the lake built below has.
  tests+=(-k "not replaced_snapshot")
else
  # Two runs: the second re-reads every file (--since), so each table's first files are replaced by a
  # later snapshot, which the reader's test needs (a folder glob would count them twice).
  lake=$OOPSLAKE_HOME/target/notebooks-lake
  archive=$OOPSLAKE_HOME/target/notebooks-archive
  oopslake_ensure_built
  if [ ! -f "$lake/.built" ] || [ "$OOPSLAKE_JAR" -nt "$lake/.built" ]; then
    echo "notebooks: building a lake in $lake ..." >&2
    rm -rf "$lake" "$archive"
    jobs/oopslake generate --files "${NOTEBOOK_FILES:-300}" --out "$archive" --seed 42 --days 90 >/dev/null
    jobs/oopslake nightly --input "$archive" --lake "$lake" >/dev/null
    jobs/oopslake nightly --input "$archive" --lake "$lake" --since 2000-01-01 >/dev/null
    touch "$lake/.built"
  fi
fi
export OOPSLAKE_LAKE=$lake

(cd notebooks && "../$py" -m pytest -q -p no:cacheprovider "${tests[@]}")

out=target/notebooks-out
mkdir -p "$out"
for nb in notebooks/*.ipynb; do
  echo "notebooks: running $nb" >&2
  # The kernel starts in notebooks/, where oopslake_lake.py is; a failing cell fails the command.
  "$venv/bin/jupyter" nbconvert --execute --to notebook --output-dir "$out" \
    --ExecutePreprocessor.timeout=600 "$nb" 2>&1 | { grep -v "without encryption" || true; } >&2
done
echo "notebooks: all ran against $lake in $(($(date +%s) - start)) s; executed copies in $out" >&2
