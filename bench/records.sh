#!/usr/bin/env bash
# Benchmark of the records store (figures go to docs/BENCHMARKS.md):
#   recording throughput: `record` with 1,000 session files in one call (plain java -jar)
#   queries on 100,000 records, ZIP export of 10,000 with a 256 MB heap (org.exoconsent.records.RecordsBenchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) × $(nproc)"
java -version 2>&1 | head -1

echo "== recording 1,000 sessions in one call"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
ja = json.load(open('src/test/resources/sessions/complete-ja.json'))
en = json.load(open('src/test/resources/sessions/complete-en.json'))
for i in range(1000):
    d = dict(ja if i % 2 == 0 else en)
    d['id'] = 'bench-%05d' % i
    # prepared and confirmed by the bench's physician account (the examples name yamada)
    d['preparedBy'] = dict(d['preparedBy'], account='bench')
    d['confirmedBy'] = dict(d['confirmedBy'], account='bench')
    json.dump(d, open('%s/s%05d.json' % (work, i), 'w'), ensure_ascii=False)
PY
bench_user "$work/data"
# each consultation's treatment confirmed by the physician through the store, as before a real explanation
java -cp "$CP" org.exoconsent.bench.ConfirmSessions "$work/data" "$work"/s*.json
start=$(date +%s.%N)
java -jar target/exoconsent.jar record --data-dir "$work/data" --session "$work"/s*.json 2>/dev/null | tail -1
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{s:.1f} s, {1000/s:.1f} records/s')" "$start" "$end"

echo "== 100,000 records: queries and export"
java -Xmx256m -cp "$CP" org.exoconsent.records.RecordsBenchmark
