#!/usr/bin/env bash
# Long property-test run: PROPTEST_CASES cases for each target of tests/fuzz.rs (mutated
# corpus policies, random bytes, mutated ledgers and captures), in a release build.
#   benches/fuzz.sh [CASES]        default 100000 for each of the three targets
# A failure prints the shrunk input's mutations; add the input to regressions() in tests/fuzz.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
start=$(date +%s)
PROPTEST_CASES="$cases" cargo test --release --test fuzz -- --nocapture
echo "fuzz: $cases cases per target passed in $(( $(date +%s) - start )) s"
