#!/usr/bin/env bash
# Benchmarks of the desktop app (figures go to docs/BENCHMARKS.md):
#   cold start to the first usable screen, 10 runs under Xvfb, each with a fresh data directory
#   the signature pad's event-to-paint time (org.exoconsent.bench.SignaturePadBenchmark, headless)
# Needs: xvfb (apt-get install xvfb libgtk-3-0), a built jar and test classes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== cold start to the first screen (ms after JVM start)"
times=()
for i in $(seq 1 10); do
  home=$(mktemp -d)
  t=$(EXOCONSENT_HOME="$home" xvfb-run -a -s "-screen 0 1280x800x24" \
      java -Dexoconsent.startupProbe=true -jar target/exoconsent.jar 2>/dev/null | sed -n 's/first screen after \([0-9]*\) ms/\1/p')
  rm -rf "$home"
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "java -jar: runs " NR ", median " a[int((NR+1)/2)] " ms, min " a[1] " ms, max " a[NR] " ms"}'

echo "== the same through bin/exoconsent (class-data archive made on a first run that is not counted)"
export XDG_CACHE_HOME=$(mktemp -d)
home=$(mktemp -d)
EXOCONSENT_HOME="$home" EXOCONSENT_JAVA_OPTS=-Dexoconsent.startupProbe=true xvfb-run -a -s "-screen 0 1280x800x24" \
    bin/exoconsent >/dev/null 2>&1
rm -rf "$home"
times=()
for i in $(seq 1 10); do
  home=$(mktemp -d)
  t=$(EXOCONSENT_HOME="$home" EXOCONSENT_JAVA_OPTS=-Dexoconsent.startupProbe=true \
      xvfb-run -a -s "-screen 0 1280x800x24" bin/exoconsent 2>/dev/null | sed -n 's/first screen after \([0-9]*\) ms/\1/p')
  rm -rf "$home"
  times+=("$t")
done
rm -rf "$XDG_CACHE_HOME"
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "bin/exoconsent: runs " NR ", median " a[int((NR+1)/2)] " ms, min " a[1] " ms, max " a[NR] " ms"}'

echo "== signature pad"
java -cp "$CP" org.exoconsent.bench.SignaturePadBenchmark
