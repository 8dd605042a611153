#!/usr/bin/env bash
# Benchmark of issue 16 §7 (figures go to docs/BENCHMARKS.md): how long each back-office screen takes from being
# asked for to its content shown, in the whole app under Xvfb, on a data directory of 10,000 records
# (org.exoconsent.ui.ScreenOpeningBenchmark); and the first run's set-up screen on an empty one.
# Needs: xvfb (apt-get install xvfb libgtk-3-0), a built jar and test classes (bench/lib.sh makes them).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) × $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1

echo "== screens on 10,000 records (ms from asking to the content shown)"
xvfb-run -a -s "-screen 0 1280x800x24" java -Dprism.order=sw -Dtestfx.robot=glass -Dtestfx.setup.timeout=60000 \
    -cp "$CP" org.exoconsent.ui.ScreenOpeningBenchmark
