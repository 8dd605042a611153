#!/usr/bin/env bash
# Benchmark of `records verify` with its cross-checks (issue 13): N distinct recorded consents (default 10,000; each
# its own patient number, name, telephone, address and signed PDF), recorded with the product's own `record`, then
# verified twice (the second with the archive in the page cache). Prints the cost per record and the projection to
# 100,000 records. Figures go to docs/BENCHMARKS.md. Needs some 3 GB of disk for 10,000 records.
#   bench/verify.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
n=${1:-10000}
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work: $work" || trap 'rm -rf "$work"' EXIT

echo "== machine"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) × $(nproc)"
java -version 2>&1 | head -1

mkdir -p "$work/s"
python3 - "$work/s" "$n" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
ja = json.load(open('src/test/resources/sessions/complete-ja.json'))
en = json.load(open('src/test/resources/sessions/complete-en.json'))
family = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤']
given = ['花子', '太郎', '恵子', '次郎', '洋子', '健一', '美穂', '修', '直美', '誠']
for i in range(n):
    d = json.loads(json.dumps(ja if i % 2 == 0 else en))
    d['id'] = 'verify-%06d' % i
    name = family[i % 10] + ' ' + given[(i // 10) % 10]
    d['patient'] = dict(d['patient'], name=name, patientNumber='P-%06d' % (i + 1000),
                        phone='090-%04d-%04d' % (i // 10000, i % 10000), address='東京都練馬区ベンチ%d-%d' % (i // 100, i % 100))
    for s in d['signatures']:
        if s['role'] == 'patient':
            s['name'] = name
    d['preparedBy'] = dict(d['preparedBy'], account='bench')
    d['confirmedBy'] = dict(d['confirmedBy'], account='bench')
    json.dump(d, open('%s/%06d.json' % (work, i), 'w'), ensure_ascii=False)
PY
bench_user "$work/data"
java -cp "$CP" org.exoconsent.bench.ConfirmSessions "$work/data" "$work"/s/*.json
start=$(date +%s.%N)
find "$work/s" -name '*.json' -print0 | sort -z | xargs -0 java -jar target/exoconsent.jar record \
    --data-dir "$work/data" --session 2>/dev/null | tail -1
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'recorded in {s:.0f} s')" "$start" "$end"
du -sh "$work/data/archive"

# cold: the archive read from disk (page cache dropped, when root may); warm: the archive in the page cache, on one
# core (-XX:ActiveProcessorCount=1) and on all of them, side by side
for run in "cold, all cores" "warm, one core" "warm, all cores"; do
  opts=()
  [ "$run" = "warm, one core" ] && opts=(-XX:ActiveProcessorCount=1)
  if [ "$run" = "cold, all cores" ]; then
    sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "(page cache not dropped: not root)"
  fi
  start=$(date +%s.%N)
  /usr/bin/time -f "peak RSS %M KB, CPU %P" java "${opts[@]}" -jar target/exoconsent.jar records verify \
      --data-dir "$work/data" 2>"$work/time.txt" | tail -2
  end=$(date +%s.%N)
  tail -1 "$work/time.txt"
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); \
print(f'records verify ({sys.argv[4]}): {s:.1f} s, {1000*s/n:.2f} ms per record, projected to 100,000: {s*100000/n/60:.1f} min')" \
      "$start" "$end" "$n" "$run"
done
