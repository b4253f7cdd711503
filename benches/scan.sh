#!/usr/bin/env bash
# Corpus-scan throughput: `saydo scan` on ~50 MB and >= 500 MB of real privacy policies, against
# ripgrep counting the vocabulary's terms over the same files.
#
#   bash benches/scan.sh            # from the repository root
#
# The corpora are the 307 Open Terms Archive policies in ../shared/data/ota-privacy-policies
# (layout <Service>/Privacy Policy.md), replicated as copy-NNN/<Service>/Privacy Policy.md into
# target/bench-data/scan-50mb/ and target/bench-data/scan-500mb/. Copies are hard links when the
# source is on the same file system (so they take no extra disk, and the page cache holds the
# 12 MB of distinct text only); BENCH_COPY=1 makes real copies (about 560 MB). A `.done` marker,
# written last, holds the parameters, so a corpus is reused only when it was built the same way.
#
# The sentence cache (src/extract/cache.rs) is off (SAYDO_SENTENCE_CACHE=0) for the replicated
# corpora: every sentence there recurs, once per copy, which real corpora of distinct policies do
# not do (7% of the sentence bytes of the 307 policies recur), so those rows measure analysis
# itself. A third corpus measures what the cache is for: VERSIONS dated versions of each policy,
# each the one before with a few edits (benches/versions.py), as a longitudinal corpus holds them;
# it is scanned with the cache off and on (the default).
#
# Baseline: `rg --no-config --no-ignore -F -c -i -f target/bench-data/lexicon.txt -jN DIR`, where
# the lexicon is every synonym of every recipient, purpose and data category and every entity
# name and alias from `saydo vocab show --format json`, one fixed string a line. ripgrep is
# installed with apt when missing; if that fails the comparison is skipped.
#
# Timing: `/usr/bin/time -f "%e %M %U %S"`, output to /dev/null, page cache warmed with a `cat`
# pass over each corpus first. The 50 MB corpus is run RUNS_SMALL times (median wall, largest
# RSS), the 500 MB corpus RUNS_LARGE times. Every scan's own summary line (stderr) is checked
# for one row per file and no error rows; one untimed scan of the 50 MB corpus is also written to
# a file and its line count compared with the number of files.
#
# Environment: SRC (default ../shared/data/ota-privacy-policies), SMALL_MB (50), LARGE_MB (500),
# RUNS_SMALL (3), RUNS_LARGE (1), THREADS ("1 2"), BENCH_COPY (0: hard links when possible),
# LONG_S (20: a measurement whose first run is longer is not repeated), RG_TIMEOUT (60: seconds
# before an rg run is cut; the table then shows a bound), VERSIONS (12 versions a policy; 0 skips
# the version-history corpus), RUNS_VERSIONS (3), INSTRUCTIONS (1: also count the instructions
# of one `scan --jobs 1` over SRC with callgrind, when valgrind is installed; 0 skips it).
#
# Instructions a byte are the machine-independent figure: wall times here move by a quarter
# from one minute to the next, and sessions have run on VMs whose speed differs by 2x, while
# callgrind gives the same count for the same binary and input wherever it runs.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SRC=${SRC:-../shared/data/ota-privacy-policies}
SMALL_MB=${SMALL_MB:-50}
LARGE_MB=${LARGE_MB:-500}
RUNS_SMALL=${RUNS_SMALL:-3}
RUNS_LARGE=${RUNS_LARGE:-1}
THREADS=${THREADS:-"1 2"}
BENCH_COPY=${BENCH_COPY:-0}
LONG_S=${LONG_S:-20}
RG_TIMEOUT=${RG_TIMEOUT:-60}
VERSIONS=${VERSIONS:-12}
RUNS_VERSIONS=${RUNS_VERSIONS:-3}
INSTRUCTIONS=${INSTRUCTIONS:-1}
DATA=target/bench-data
LEXICON=$DATA/lexicon.txt
CORPUS_VERSION=1 # bump when the corpus layout changes, so old corpora are rebuilt

say() { echo "scan.sh: $*" >&2; }
die() { say "$*"; exit 2; }

[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required (apt-get install -y time)"
command -v python3 >/dev/null || die "python3 is required (to build the lexicon)"

# ---------------------------------------------------------------------------------------------
# Tools.

say "building (cargo build --release)..."
cargo build --release --quiet
BIN=target/release/saydo

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }
HAVE_RG=1
RG_NOTE=""
if ! command -v rg >/dev/null; then
    say "ripgrep not found; installing it with apt..."
    if ! as_root apt-get install -y -q ripgrep >&2; then
        say "apt-get install failed; trying again after apt-get update..."
        if ! { as_root apt-get update -q >&2 && as_root apt-get install -y -q ripgrep >&2; }; then
            HAVE_RG=0
        fi
    fi
    if [ "$HAVE_RG" = 1 ] && ! command -v rg >/dev/null; then HAVE_RG=0; fi
    if [ "$HAVE_RG" = 0 ]; then
        RG_NOTE="ripgrep could not be installed with apt (not root and no sudo, or apt failed): the ripgrep comparison is skipped."
        say "$RG_NOTE"
    fi
fi

# ---------------------------------------------------------------------------------------------
# Corpora.

[ -d "$SRC" ] || die "the source policies are missing: $SRC (expected <Service>/Privacy Policy.md, the 307 Open Terms Archive policies; set SRC=...)"
SRC_ABS=$(cd "$SRC" && pwd -P)
SRC_FILES=$(find "$SRC_ABS" -type f | wc -l)
SRC_BYTES=$(find "$SRC_ABS" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')
[ "$SRC_FILES" -gt 0 ] && [ "$SRC_BYTES" -gt 0 ] || die "no files under $SRC_ABS"
say "source: $SRC_ABS, $SRC_FILES files, $SRC_BYTES bytes"
mkdir -p "$DATA"

# built DIR MARKER: DIR is complete and was built as MARKER says (its .done file, written last).
built() { [ -d "$1" ] && [ -f "$1.done" ] && [ "$(cat "$1.done")" = "$2" ]; }

# build_corpus NAME COPIES -> target/bench-data/NAME/copy-001 .. copy-COPIES
build_corpus() {
    local name=$1 copies=$2 dir="$DATA/$1" want_mode mode marker i
    want_mode=link
    if [ "$BENCH_COPY" = 1 ]; then want_mode=copy; fi
    marker="v$CORPUS_VERSION src=$SRC_ABS files=$SRC_FILES bytes=$SRC_BYTES copies=$copies mode=$want_mode"
    if built "$dir" "$marker"; then
        say "reusing $dir ($copies copies)"
        return
    fi
    say "building $dir: $copies copies of $SRC_ABS ($want_mode)..."
    rm -rf "$dir" "$dir.tmp" "$dir.done"
    mkdir -p "$dir.tmp"
    mode=$want_mode
    if [ "$mode" = link ] && ! cp -al "$SRC_ABS" "$dir.tmp/copy-001" 2>/dev/null; then
        say "hard links failed (another file system?); making real copies"
        rm -rf "$dir.tmp/copy-001"
        mode=copy
    fi
    for ((i = 1; i <= copies; i++)); do
        local dest
        dest=$(printf '%s/copy-%03d' "$dir.tmp" "$i")
        [ -e "$dest" ] && continue
        if [ "$mode" = link ]; then cp -al "$SRC_ABS" "$dest"; else cp -a "$SRC_ABS" "$dest"; fi
    done
    mv "$dir.tmp" "$dir"
    # The marker names the mode asked for, so a fallback to copies is reused too.
    echo "$marker" >"$dir.done"
}

SMALL_COPIES=$(awk -v t="$SMALL_MB" -v b="$SRC_BYTES" 'BEGIN {c = int(t * 1e6 / b + 0.5); print (c < 1 ? 1 : c)}')
LARGE_COPIES=$(awk -v t="$LARGE_MB" -v b="$SRC_BYTES" 'BEGIN {c = int(t * 1e6 / b); if (c * b < t * 1e6) c++; print (c < 1 ? 1 : c)}')
SMALL=$DATA/scan-${SMALL_MB}mb
LARGE=$DATA/scan-${LARGE_MB}mb
build_corpus "scan-${SMALL_MB}mb" "$SMALL_COPIES"
build_corpus "scan-${LARGE_MB}mb" "$LARGE_COPIES"
HISTORY=$DATA/scan-versions-$VERSIONS
if [ "$VERSIONS" -gt 0 ]; then
    marker="v$CORPUS_VERSION src=$SRC_ABS files=$SRC_FILES bytes=$SRC_BYTES versions=$VERSIONS script=$(md5sum benches/versions.py | cut -c1-12)"
    if built "$HISTORY" "$marker"; then
        say "reusing $HISTORY"
    else
        say "building $HISTORY: $VERSIONS versions of each policy (benches/versions.py)..."
        rm -rf "$HISTORY" "$HISTORY.tmp" "$HISTORY.done"
        python3 benches/versions.py "$SRC_ABS" "$HISTORY.tmp" "$VERSIONS"
        mv "$HISTORY.tmp" "$HISTORY"
        echo "$marker" >"$HISTORY.done"
    fi
fi
LINKED=0
if [ "$(stat -c %h "$(find "$SMALL" -type f -print -quit)")" -gt 1 ]; then LINKED=1; fi

# ---------------------------------------------------------------------------------------------
# Lexicon: every synonym of every category and every entity name and alias, one a line,
# deduplicated case-insensitively (rg -i), sorted.

say "building $LEXICON from \`saydo vocab show --format json\`..."
"$BIN" vocab show --format json | python3 -c '
import json, sys
v = json.load(sys.stdin)
terms = []
for tree in ("recipients", "purposes", "data"):
    for cat in v[tree]:
        terms.extend(cat.get("synonyms", []))
for e in v["entities"]:
    terms.append(e["name"])
    terms.extend(e.get("aliases", []))
seen, out = set(), []
for t in terms:
    t = " ".join(t.split())
    if t and t.lower() not in seen:
        seen.add(t.lower())
        out.append(t)
out.sort(key=str.lower)
sys.stdout.write("".join(t + "\n" for t in out))
print(len(out), file=sys.stderr)
' >"$LEXICON.tmp" 2>"$LEXICON.count"
mv "$LEXICON.tmp" "$LEXICON"
LEXICON_TERMS=$(cat "$LEXICON.count")
rm -f "$LEXICON.count"
[ "$LEXICON_TERMS" -gt 0 ] || die "the lexicon is empty"

# ---------------------------------------------------------------------------------------------
# Measurement.

NPROC=$(nproc)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
ERRLOG=$DATA/scan-stderr.log
TIMEOUT=$DATA/scan-time.out
: >"$ERRLOG"
PROBLEMS=() # wrong results: printed, and the script exits 1
NOTES=()    # measurements cut short: printed

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
corpus_files() { find "$1" -type f | wc -l; }
corpus_bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}'; }
warm() { say "warming the page cache ($1)..."; find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

# measure KIND RUNS FILES CMD... -> sets M_WALL (median s), M_RSS (largest, KB), M_CPU (median
# user+sys s), M_RUNS (runs made) and M_TIMEDOUT (1 when rg hit RG_TIMEOUT); runs in this shell
# (not a subshell), so PROBLEMS and `exit` work. A measurement whose first run takes more than
# LONG_S seconds is not repeated (the budget: the whole script in about 8 minutes).
# KIND saydo: exit 0 expected (2 = some files could not be read: noted, not fatal), and the
# summary line on stderr must count FILES policies and 0 error rows.
# KIND rg: exit 0 (matches) or 1 (no match) expected; each run is cut at RG_TIMEOUT seconds.
measure() {
    local kind=$1 runs=$2 files=$3
    shift 3
    local walls=() cpus=() rss=0 status r w m u k err=$DATA/scan-run.err
    local cmd=("$@")
    if [ "$kind" = rg ]; then cmd=(timeout "$RG_TIMEOUT" "$@"); fi
    M_TIMEDOUT=0
    for ((r = 0; r < runs; r++)); do
        status=0
        /usr/bin/time -f "%e %M %U %S" -o "$TIMEOUT" "${cmd[@]}" >/dev/null 2>"$err" || status=$?
        cat "$err" >>"$ERRLOG"
        if [ "$kind" = rg ] && [ "$status" -eq 124 ]; then
            M_TIMEDOUT=1
            NOTES+=("cut after $RG_TIMEOUT s (RG_TIMEOUT): $*")
            status=0
        fi
        if [ "$kind" = rg ] && [ "$status" -le 1 ]; then status=0; fi
        if [ "$kind" = saydo ] && [ "$status" -eq 2 ]; then
            PROBLEMS+=("exit 2 (unreadable files) from: $*")
            status=0
        fi
        if [ "$status" -ne 0 ]; then
            say "exit $status from: $*"
            cat "$TIMEOUT" >&2
            tail -n 20 "$err" >&2
            exit 1
        fi
        if [ "$kind" = saydo ]; then
            local line n e o
            line=$(grep -E '^saydo: scanned [0-9,]+ policies' "$err" | tail -n 1 || true)
            if [ -z "$line" ]; then
                PROBLEMS+=("no 'scanned N policies' summary on stderr from: $*")
            else
                n=$(sed -E 's/^saydo: scanned ([0-9,]+) policies.*/\1/' <<<"$line" | tr -d ,)
                e=$(sed -E 's/.*, ([0-9,]+) could not be read.*/\1/' <<<"$line" | tr -d ,)
                o=$(sed -E 's/.*, ([0-9,]+) other files passed over.*/\1/' <<<"$line" | tr -d ,)
                if [ "$n" != "$files" ] || [ "$e" != 0 ] || [ "$o" != 0 ]; then
                    PROBLEMS+=("scan of $files files reported: ${line#saydo: } ($*)")
                fi
            fi
        fi
        # The last line: GNU time prefixes "Command exited with non-zero status" lines.
        read -r w m u k < <(tail -n 1 "$TIMEOUT")
        walls+=("$w")
        cpus+=("$(awk -v u="$u" -v k="$k" 'BEGIN {print u + k}')")
        if ((m > rss)); then rss=$m; fi
        if [ "$M_TIMEDOUT" = 1 ] || awk -v w="$w" -v l="$LONG_S" 'BEGIN {exit !(w > l)}'; then
            r=$((r + 1))
            break
        fi
    done
    rm -f "$err"
    M_WALL=$(median "${walls[@]}")
    M_RSS=$rss
    M_CPU=$(median "${cpus[@]}")
    M_RUNS=$r
}

ROWS_OUT=()
declare -A WALL RSS TIMED_OUT MBS
row() { # corpus mb files tool threads wall rss_kb cpu_s runs-made runs-asked timed_out
    ROWS_OUT+=("$(awk -v c="$1" -v s="$2" -v f="$3" -v t="$4" -v j="$5" -v w="$6" -v m="$7" -v u="$8" -v n="$9" -v a="${10}" -v x="${11}" 'BEGIN {
        if (x == 1) { ws = sprintf("> %d (timed out)", w); r = sprintf("< %.1f", s / w); p = sprintf("< %.1f", s / w / j) }
        else {
            ws = sprintf("%.2f", w) (n < a ? sprintf(" (%d run%s)", n, n == 1 ? "" : "s") : "")
            if (w > 0) { r = sprintf("%.1f", s / w); p = sprintf("%.1f", s / w / j) } else { r = "n/a"; p = "n/a" }
        }
        printf "| %s | %.1f | %d | %s | %d | %s | %s | %s | %.1f | %.2f |", c, s, f, t, j, ws, r, p, m / 1024, u }')")
}

# Untimed check: one scan of the small corpus written to a file, one line per policy.
SMALL_FILES=$(corpus_files "$SMALL")
ROWS_FILE=$DATA/scan-${SMALL_MB}mb.rows.jsonl
say "checking the row count (untimed scan of $SMALL)..."
status=0
"$BIN" scan "$SMALL" >"$ROWS_FILE" 2>>"$ERRLOG" || status=$?
ROW_LINES=$(wc -l <"$ROWS_FILE")
ROW_ERRORS=$(grep -vc '"error":null' "$ROWS_FILE" || true)
ROW_CHECK="scan output of $SMALL: $ROW_LINES lines for $SMALL_FILES files, $ROW_ERRORS rows with an error, exit $status"
if [ "$ROW_LINES" != "$SMALL_FILES" ] || [ "$ROW_ERRORS" != 0 ] || [ "$status" != 0 ]; then
    PROBLEMS+=("$ROW_CHECK")
fi
say "$ROW_CHECK"
rm -f "$ROWS_FILE"

for corpus in "$SMALL" "$LARGE"; do
    if [ "$corpus" = "$SMALL" ]; then runs=$RUNS_SMALL; label="${SMALL_MB} MB"; else runs=$RUNS_LARGE; label="${LARGE_MB} MB"; fi
    files=$(corpus_files "$corpus")
    mb=$(awk -v b="$(corpus_bytes "$corpus")" 'BEGIN {printf "%.1f", b / 1e6}')
    warm "$corpus"
    for j in $THREADS; do
        say "saydo scan --jobs $j on $corpus ($mb MB, $files files, $runs run(s))..."
        measure saydo "$runs" "$files" env SAYDO_SENTENCE_CACHE=0 "$BIN" scan "$corpus" --jobs "$j"
        row "$label" "$mb" "$files" "saydo, cache off" "$j" "$M_WALL" "$M_RSS" "$M_CPU" "$M_RUNS" "$runs" 0
        WALL["$label saydo $j"]=$M_WALL
        MBS["$label"]=$mb
        RSS["$label saydo $j"]=$M_RSS
        if [ "$HAVE_RG" = 1 ]; then
            say "rg -j$j on $corpus..."
            measure rg "$runs" "$files" rg --no-config --no-ignore -F -c -i -f "$LEXICON" -j"$j" "$corpus"
            row "$label" "$mb" "$files" ripgrep "$j" "$M_WALL" "$M_RSS" "$M_CPU" "$M_RUNS" "$runs" "$M_TIMEDOUT"
            WALL["$label rg $j"]=$M_WALL
            TIMED_OUT["$label rg $j"]=$M_TIMEDOUT
        fi
    done
done

if [ "$VERSIONS" -gt 0 ]; then
    files=$(corpus_files "$HISTORY")
    mb=$(awk -v b="$(corpus_bytes "$HISTORY")" 'BEGIN {printf "%.1f", b / 1e6}')
    label="versions"
    MBS[$label]=$mb
    warm "$HISTORY"
    for j in $THREADS; do
        for cache in off on; do
            setting=0
            if [ "$cache" = on ]; then setting=${SAYDO_SENTENCE_CACHE:-}; fi
            say "saydo scan --jobs $j on $HISTORY ($mb MB, $files files, cache $cache)..."
            measure saydo "$RUNS_VERSIONS" "$files" env ${setting:+SAYDO_SENTENCE_CACHE=$setting} "$BIN" scan "$HISTORY" --jobs "$j"
            row "$VERSIONS versions" "$mb" "$files" "saydo, cache $cache" "$j" "$M_WALL" "$M_RSS" "$M_CPU" "$M_RUNS" "$RUNS_VERSIONS" 0
            WALL["$label $cache $j"]=$M_WALL
            RSS["$label $cache $j"]=$M_RSS
        done
    done
fi

# Untimed check that rg read every file (files with at least one match).
RG_FILES=""
if [ "$HAVE_RG" = 1 ]; then
    RG_FILES=$(rg --no-config --no-ignore -F -c -i -f "$LEXICON" "$SMALL" | wc -l)
fi

# ---------------------------------------------------------------------------------------------
# Report.

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
dirty=""
git diff --quiet HEAD -- src Cargo.toml Cargo.lock vocab 2>/dev/null || dirty="uncommitted changes"
untracked=$(git ls-files --others --exclude-standard -- src 2>/dev/null | wc -l)
if [ "$untracked" -gt 0 ]; then dirty="${dirty:+$dirty, }$untracked untracked files in src/"; fi
if [ -n "$dirty" ]; then dirty=" (with $dirty)"; fi

echo
echo "## saydo scan throughput (benches/scan.sh)"
echo
echo "Machine: ${NPROC} cores (nproc), ${cpu_model:-unknown CPU}, ${mem}; $(rustc --version 2>/dev/null || echo 'rustc ?'); release profile."
echo "Load average before the runs: ${LOAD_BEFORE}; after: ${LOAD_AFTER} (other work on the machine skews wall times)."
echo "saydo at $(git rev-parse --short HEAD 2>/dev/null || echo '?')${dirty}; $(if [ "$HAVE_RG" = 1 ]; then rg --version | sed -n 1p; else echo 'ripgrep not available'; fi)."
echo "Corpora: ${SMALL_COPIES} and ${LARGE_COPIES} copies of the ${SRC_FILES} policies in ${SRC} ($(awk -v b="$SRC_BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB)$(if [ "$LINKED" = 1 ]; then echo ', as hard links (page cache warm, 12 MB distinct)'; else echo ', as real copies (page cache warm)'; fi)."
echo "Lexicon: ${LEXICON_TERMS} fixed strings (category synonyms, entity names and aliases) in ${LEXICON}; ripgrep runs \`rg --no-config --no-ignore -F -c -i -f ${LEXICON} -jN DIR\`."
echo "Wall time is the median of ${RUNS_SMALL} runs (${SMALL_MB} MB) or ${RUNS_LARGE} (${LARGE_MB} MB), or of 1 run when the first took over ${LONG_S} s (marked), peak RSS the largest; output to /dev/null. MB = 10^6 bytes of input; MB/s per core = MB/s / threads; RSS in MiB."
echo
echo "| corpus | MB | files | tool | threads | wall s | MB/s | MB/s per core | peak RSS MB | CPU s (user+sys) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS_OUT[@]}"
echo
if [ "$HAVE_RG" = 1 ]; then
    echo "| corpus | threads | saydo wall s | ripgrep wall s | saydo / ripgrep |"
    echo "|---|---|---|---|---|"
    for label in "${SMALL_MB} MB" "${LARGE_MB} MB"; do
        for j in $THREADS; do
            awk -v c="$label" -v j="$j" -v s="${WALL["$label saydo $j"]}" -v r="${WALL["$label rg $j"]}" -v x="${TIMED_OUT["$label rg $j"]}" 'BEGIN {
                if (x == 1) printf "| %s | %d | %.2f | > %d (timed out) | < %.2fx |\n", c, j, s, r, s / r
                else printf "| %s | %d | %.2f | %.2f | %s |\n", c, j, s, r, (r > 0 ? sprintf("%.2fx", s / r) : "n/a") }'
        done
    done
    echo
else
    echo "$RG_NOTE"
    echo
fi
echo "Row count: ${ROW_CHECK}.$(if [ -n "$RG_FILES" ]; then echo " ripgrep found terms in $RG_FILES of $SMALL_FILES files."; fi)"
L="${LARGE_MB} MB"
echo "Goals (${LARGE_MB} MB corpus):"
for j in $THREADS; do
    awk -v j="$j" -v mb="${MBS[$L]}" -v w="${WALL["$L saydo $j"]}" 'BEGIN {
        p = mb / w / j
        printf "- scan rate, %d thread(s): %.1f MB/s per core (goal >= 30): %s\n", j, p, (p >= 30 ? "met" : "NOT met") }'
    if [ "$HAVE_RG" = 1 ]; then
        awk -v j="$j" -v s="${WALL["$L saydo $j"]}" -v r="${WALL["$L rg $j"]}" -v x="${TIMED_OUT["$L rg $j"]}" 'BEGIN {
            q = s / r
            if (x == 1) printf "- saydo / ripgrep, %d thread(s): < %.2fx (ripgrep timed out; goal <= 4x): met\n", j, q
            else printf "- saydo / ripgrep, %d thread(s): %.2fx (goal <= 4x): %s\n", j, q, (q <= 4 ? "met" : "NOT met") }'
    fi
    awk -v j="$j" -v a="${RSS["$L saydo $j"]}" -v b="${RSS["${SMALL_MB} MB saydo $j"]}" -v big="${MBS[$L]}" -v small="${MBS["${SMALL_MB} MB"]}" 'BEGIN {
        q = a / b
        printf "- peak RSS, %d thread(s): %.1f MB at %.0f MB of input, %.1f MB at %.0f MB (%.2fx for %.1fx the input; flat = within 20%%): %s\n", j, a / 1024, big, b / 1024, small, q, big / small, (q <= 1.2 ? "met" : "NOT met") }'
done
if [ "$VERSIONS" -gt 0 ]; then
    echo "Version history ($VERSIONS versions of each policy, ${MBS[versions]} MB; what the sentence cache is for):"
    for j in $THREADS; do
        awk -v j="$j" -v mb="${MBS[versions]}" -v off="${WALL["versions off $j"]}" -v on="${WALL["versions on $j"]}" -v roff="${RSS["versions off $j"]}" -v ron="${RSS["versions on $j"]}" 'BEGIN {
            p = mb / on / j
            printf "- %d thread(s): %.1f MB/s per core with the cache, %.1f without (%.2fx); peak RSS %.1f MB against %.1f MB\n", j, p, mb / off / j, off / on, ron / 1024, roff / 1024 }'
    done
fi
if [ "$INSTRUCTIONS" = 1 ]; then
    if command -v valgrind >/dev/null; then
        say "counting instructions (callgrind, scan --jobs 1 over $SRC)..."
        CG_OUT=$(mktemp)
        if SAYDO_SENTENCE_CACHE=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$BIN" scan --jobs 1 --format jsonl "$SRC_ABS" >/dev/null 2>"$CG_OUT"; then
            IR=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$CG_OUT" | tail -1)
            awk -v ir="$IR" -v b="$SRC_BYTES" 'BEGIN {
                printf "Instructions (callgrind, scan --jobs 1, cache off, %d bytes): %.3f G, %.0f a byte\n", b, ir / 1e9, ir / b }'
        else
            NOTES+=("callgrind failed; no instruction count")
        fi
        rm -f "$CG_OUT"
    else
        NOTES+=("valgrind not installed; no instruction count (apt-get install -y valgrind)")
    fi
fi
if ((${#NOTES[@]})); then
    echo
    echo "Notes:"
    printf -- '- %s\n' "${NOTES[@]}"
fi
if ((${#PROBLEMS[@]})); then
    echo
    echo "PROBLEMS:"
    printf '  %s\n' "${PROBLEMS[@]}"
    exit 1
fi
