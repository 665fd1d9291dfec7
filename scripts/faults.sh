#!/usr/bin/env bash
# Full-size fault suite: crash/restart (exactly-once and at-least-once), broker restart, scale-out/in, hostile input
# reference-table churn and graceful stops against a real embedded broker and enricher JVMs, the replicated-cluster
# scenarios on three broker JVMs, and a burst of 7 MB articles; ~30 minutes on 2 cores before the last two.
# Writes target/faults/report.md and target/faults/report.json. Extra arguments go to Maven, e.g.
#   scripts/faults.sh -Dfaults.seed=7 -Dfaults.crash.articles=100000
#   scripts/faults.sh -Dfaults.size=fast          # the CI-sized variants only
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf target/faults
status=0
mvn -B -ntp -Pfaults verify "$@" || status=$?
if [ -f target/faults/report.md ]; then
  cat target/faults/report.md
fi
exit $status
