#!/usr/bin/env bash
# Benchmark of check + render + sign for the two complete example sessions (figures go to docs/BENCHMARKS.md).
#   warm: median over 200 runs in one JVM after 60 warm-up runs (org.exoconsent.bench.RenderBenchmark)
#   cold: a whole process per render, plain `java -jar` and through bin/exoconsent (hyperfine, 15 runs)
# Needs: a built jar (mvn -B -DskipTests package) and test classes (mvn -B test-compile); hyperfine (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) × $(nproc)"
echo "memory: $(free -g | awk '/Mem:/{print $2}') GiB"
java -version 2>&1 | head -1

echo "== warm (one JVM)"
java -cp "$CP" org.exoconsent.bench.RenderBenchmark

echo "== cold (one process per render)"
data=$(mktemp -d)
out=$(mktemp -d) # a rendered PDF is never written inside the data directory (issue 13 §4)
export XDG_CACHE_HOME="$data/cache"
bench_user "$data"
for ex in complete-ja complete-en; do
  s=src/test/resources/sessions/$ex.json
  java -jar target/exoconsent.jar render --data-dir "$data" --session "$s" --out "$out/$ex.pdf" --overwrite >/dev/null 2>&1
  bin/exoconsent render --data-dir "$data" --session "$s" --out "$out/$ex.pdf" --overwrite >/dev/null 2>&1
  ls -l "$out/$ex.pdf" | awk -v ex="$ex" '{print ex ": " $5 " bytes"}'
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 2 -r 15 \
      "java -jar target/exoconsent.jar render --data-dir $data --session $s --out $out/$ex.pdf --overwrite" \
      "bin/exoconsent render --data-dir $data --session $s --out $out/$ex.pdf --overwrite" \
      "java -jar target/exoconsent.jar --version" 2>&1 | grep -E "Benchmark|Time"
  else
    echo "hyperfine not installed (apt-get install hyperfine): cold figures skipped"
  fi
done
rm -rf "$data" "$out"
