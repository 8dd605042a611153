#!/usr/bin/env bash
# Benchmark of the shared store (issue 17 §5; figures go to docs/BENCHMARKS.md): the embedded SQLite data directory
# and PostgreSQL side by side in one run, each device a process of its own (org.exoconsent.records.SharedStoreBenchmark):
#   1. store-only commits per second (pre-rendered PDFs), 1 and 4 devices, and how long the write lock is held
#   2. end-to-end recording (checks, render, sign, store) with 1 and 4 devices
#   3. a records page and a lot recall on 100,000 records, with no writer and while a device keeps recording
# PostgreSQL: Debian's server (package postgresql), started as the postgres account on a free loopback port with
# durable settings (fsync=on); run as root. Sizes: -Dbench.commits=200 -Dbench.records=60 -Dbench.big=100000
# -Dbench.samples=60 -Dbench.parts=commit,record,big (pass them as arguments to this script); warm-up: 300 consents
# per device, then more until a round of 25 costs the JIT at most 2 ms per consent (-Dbench.warmup=300
# -Dbench.quietJit=2, 0 to skip, -Dbench.warmupMax=3000); -Dbench.stores=sqlite
# and -Dbench.devices=1 narrow parts 1 and 2; -Dbench.deviceOptions='-Xlog:disable -XX:StartFlightRecording=
# filename=/tmp/dev-%p.jfr,settings=profile' gives each device's JVM more options (%p: the device's name).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) × $(nproc), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "disk of /tmp: $(df -h /tmp | awk 'NR==2 {print $1, $2}')"
java -version 2>&1 | head -1
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m "$@" -cp "$CP" org.exoconsent.records.SharedStoreBenchmark
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
