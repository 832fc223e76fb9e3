#!/usr/bin/env bash
# One command, fresh clone to ranked summary: build, generate a sample kdump archive in demo/archive, run the
# nightly pipeline on embedded Spark into demo/lake, print the ranked summary.
#   DEMO_FILES=5000 jobs/demo.sh     # archive size (default 2000 files)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$OOPSLAKE_HOME"
files=${DEMO_FILES:-2000}
start=$(date +%s)
oopslake_ensure_built
rm -rf demo/archive demo/lake
# The last 120 days of a fleet up to today, so the morning tables have news to tell.
jobs/oopslake generate --files "$files" --out demo/archive --seed 42 --days 120
jobs/oopslake nightly --input demo/archive --lake demo/lake
cat <<EOT

Tables (Iceberg) are in $OOPSLAKE_HOME/demo/lake/oopslake: files, crashes, summary_kernel_module, ...
Ask them anything with SQL, e.g.:
  jobs/oopslake sql --lake demo/lake "SELECT kernel_release, module, rank, crashes, top_title FROM summary_kernel_module ORDER BY crashes DESC LIMIT 10"
  jobs/oopslake sql --lake demo/lake --format csv "SELECT status, count(*) FROM files GROUP BY status"
demo took $(( $(date +%s) - start )) s
EOT
