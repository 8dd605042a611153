#!/usr/bin/env bash
# What the font fallback costs (issue 12 §1; figures go to docs/BENCHMARKS.md): PDF size, first and warm render
# for names that need each fallback font (org.exoconsent.bench.FontBenchmark), and the jar's size.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
java -cp "$CP" org.exoconsent.bench.FontBenchmark
ls -l target/exoconsent.jar | awk '{printf "jar: %.1f MB\n", $5 / 1048576}'
