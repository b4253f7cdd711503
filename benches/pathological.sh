#!/usr/bin/env bash
# Pathological inputs: each case generated at two sizes 10x apart, run through saydo, with wall
# time and peak memory printed so that growth is visible (issue 17, "a pathological-input
# benchmark").
#
#   bash benches/pathological.sh                 # from anywhere in the repository
#   SAYDO=path/to/saydo bash benches/pathological.sh
#   CASES="oneline history" bash benches/pathological.sh
#
# Goals (flagged in the last column when missed):
#   - growth: a case grows at most 12x in time and in peak RSS for 10x input (`time>12x`,
#     `rss>12x`). Ratios of runs under 0.2 s, or of peak RSS under 50 MB, are mostly start-up
#     and noise, and are not flagged;
#   - budget: a case of 10 MB or more finishes within 2 s per 10 MB of input and within 200 MB
#     (`slow`, `big`);
#   - a run that is killed, crashes or times out is flagged (`TIMEOUT`, `MEM`, `signal N`).
# Exit codes 0 and 1 (findings) are normal; 2 (an input error) is shown in the `exit` column: it
# is the right answer for the cases saydo refuses (a vocabulary with a 200,000-word synonym).
#
# Measuring: a small python3 runner starts each command, polls it, and reads its own rusage from
# wait4 (peak RSS of that child alone); it kills a run past TIMEOUT seconds or past MEM_LIMIT MB of
# resident memory, so one bad case costs bounded time and cannot take the machine's memory.
# Output goes to /dev/null (`--format json` and the like), standard error to a file whose first
# line is shown for runs that did not exit with 0 or 1.
#
# Environment: SAYDO (default: `cargo build --release` and target/release/saydo), TIMEOUT (60 s a
# run), MEM_LIMIT (3000 MB), CASES (space-separated case names; default all), KEEP=1 keeps the
# generated inputs (in WORK, default a fresh temporary folder).
#
# No dependencies beyond bash and python3. Each input is deleted after its run (at most about
# 100 MB of disk at a time). With every case healthy the whole script takes about 2 minutes on
# 2 cores; a case costs at most 2 x TIMEOUT (the large size is not run when the small one timed
# out), so 16 cases at most 32 minutes with the default TIMEOUT.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TIMEOUT=${TIMEOUT:-60}
MEM_LIMIT=${MEM_LIMIT:-3000}
ALL_CASES="oneline oneword sentences div-nest md-list-nest md-quote-nest table-rows unclosed-b
csv-columns csv-row recipients har-query har-body scan-html history vocab-synonym vocab-chain"
CASES=${CASES:-$ALL_CASES}
KEEP=${KEEP:-0}

say() { echo "pathological.sh: $*" >&2; }
die() { say "$*"; exit 2; }

command -v python3 >/dev/null || die "python3 is required"
if [ -z "${SAYDO:-}" ]; then
    say "building (cargo build --release)..."
    cargo build --release --quiet
    SAYDO=target/release/saydo
fi
[ -x "$SAYDO" ] || die "$SAYDO: not an executable"
SAYDO=$(cd "$(dirname "$SAYDO")" && pwd)/$(basename "$SAYDO")

if [ -n "${WORK:-}" ]; then
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/saydo-pathological.XXXXXX")
    [ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT
fi
say "inputs in $WORK"

# ---------------------------------------------------------------------------------------------
# Generation: `gen CASE SIZE DIR` writes the inputs of one case at one size into DIR.

cat >"$WORK/gen.py" <<'PY'
import base64, json, os, random, sys

case, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
def path(name):
    return os.path.join(out, name)
def write(name, text):
    with open(path(name), "w") as f:
        f.write(text)

CATS = ["advertisers", "analytics providers", "data brokers", "our affiliates",
        "service providers", "political parties"]
DATA = ["email address", "postal address", "phone number", "browsing history", "location",
        "date of birth"]

def sentence(i, version=1):
    s = f"We share your {DATA[(i // 7) % 6]} with {CATS[i % 6]} under agreement {i}."
    if version == 2 and i % 10 == 3:
        s = s.replace("share", "may disclose")
    return s

if case == "oneline":          # size: bytes; one line, no sentence punctuation
    phrase = "We share your data with advertisers "
    write("policy.txt", (phrase * (size // len(phrase) + 1))[:size])
elif case == "oneword":        # size: bytes of one word
    write("policy.txt", ("data" * (size // 4 + 1))[:size])
elif case == "sentences":      # size: sentences, one a line
    write("policy.txt", "".join(f"We share your email address with advertisers {i}.\n"
                                for i in range(size)))
elif case == "div-nest":       # size: nesting depth
    write("policy.html", "<html><body>" + "<div>" * size
          + "We sell your email address to data brokers." + "</div>" * size + "</body></html>\n")
elif case == "md-list-nest":   # size: depth; "- - - x" nests a list in each item
    write("policy.md", "- " * size + "We sell your email address to data brokers.\n")
elif case == "md-quote-nest":  # size: depth
    write("policy.md", "> " * size + "We sell your email address to data brokers.\n")
elif case == "table-rows":     # size: rows whose text sits directly in <table>/<tr>
    rows = "".join(f"<tr>We share your email address with partner {i}.</tr>\n"
                   for i in range(size))
    write("policy.html", f"<html><body><table>\n{rows}</table></body></html>\n")
elif case == "unclosed-b":     # size: unclosed <b> tags
    write("policy.html", "<html><body><p>" + "<b>We share your email address with advertisers. "
          * size + "</p></body></html>\n")
elif case == "csv-columns":    # size: columns of one ledger row
    extra = size - 3
    header = "recipient,date,data," + ",".join(f"x{i}" for i in range(extra))
    row = "Experian Marketing Services,2020-01-01,email," + ",".join("v" for _ in range(extra))
    write("ledger.csv", header + "\n" + row + "\n")
elif case == "csv-row":        # size: fields of one data row under a normal header
    row = "Experian Marketing Services,2020-01-01,email," + ",".join("v" for _ in range(size - 3))
    write("ledger.csv", "recipient,date,data\nAcxiom,2020-01-01,email\n" + row + "\n")
elif case == "recipients":     # size: distinct recipients, one row each
    with open(path("ledger.csv"), "w") as f:
        f.write("recipient,date,data,records\n")
        for i in range(size):
            f.write(f"Recipient Number {i} Ltd,2020-01-{i % 28 + 1:02d},email address,{i % 97 + 1}\n")
elif case in ("har-query", "har-body"):   # size: bytes of query string / POST body
    rng = random.Random(1)
    entry = {
        "pageref": "page_1", "startedDateTime": "2023-11-14T08:31:03.115Z", "time": 47,
        "response": {"status": 204, "statusText": "No Content", "httpVersion": "HTTP/2",
                     "headers": [], "cookies": [], "content": {"size": 0, "mimeType": "text/plain"},
                     "redirectURL": "", "headersSize": -1, "bodySize": 0},
        "cache": {}, "timings": {"send": 1, "wait": 35, "receive": 11},
    }
    if case == "har-query":
        q = "&".join(f"k{i}=v{i}" for i in range(size // 10))[:size]
        entry["request"] = {"method": "GET", "url": "https://tracker.example.net/p?" + q,
                            "httpVersion": "HTTP/2", "headers": [], "queryString": [],
                            "cookies": [], "headersSize": -1, "bodySize": 0}
    else:
        raw = bytes(rng.getrandbits(8) for _ in range(min(size, 1 << 16)))
        body = base64.b64encode(raw * (size * 3 // 4 // len(raw) + 1)).decode()[:size - 1] + "="
        entry["request"] = {"method": "POST", "url": "https://tracker.example.net/collect",
                            "httpVersion": "HTTP/2", "headers": [], "queryString": [],
                            "cookies": [], "headersSize": -1, "bodySize": len(body),
                            "postData": {"mimeType": "text/plain", "text": body}}
    har = {"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"},
                   "pages": [{"startedDateTime": "2023-11-14T08:31:02.100Z", "id": "page_1",
                              "title": "https://shop.example.com/", "pageTimings": {}}],
                   "entries": [entry]}}
    with open(path("capture.har"), "w") as f:
        json.dump(har, f)
elif case == "scan-html":      # size: bytes of one HTML policy, in a folder of its own
    os.makedirs(path("corpus"), exist_ok=True)
    parts, n, i = ["<html><head><title>Privacy</title></head><body>\n"], 0, 0
    while n < size:
        if i % 40 == 0:
            p = f"<h2>Section {i // 40}: who we share with</h2>\n"
        else:
            p = (f"<p>{sentence(i)} We never sell your {DATA[i % 6]} to "
                 f"{CATS[(i + 1) % 6]}. <a href=\"https://example.com/{i}\">More</a></p>\n")
        parts.append(p)
        n += len(p)
        i += 1
    parts.append("</body></html>\n")
    write("corpus/policy.html", "".join(parts))
elif case == "history":        # size: sentences in each of two versions
    os.makedirs(path("versions"), exist_ok=True)
    for v, name in ((1, "2020-01-01.md"), (2, "2021-01-01.md")):
        with open(path("versions/" + name), "w") as f:
            for i in range(size):
                f.write(sentence(i, v) + ("\n\n" if i % 5 == 4 else " "))
elif case == "vocab-synonym":  # size: words of one synonym
    rng = random.Random(1)
    words = " ".join(f"w{rng.randrange(10**6)}" for _ in range(size))
    write("vocab.toml", f'[[recipient]]\nid = "long-synonym"\nparent = "third-party"\n'
                        f'synonyms = ["{words}"]\n')
elif case == "vocab-chain":    # size: depth of one parent chain
    with open(path("vocab.toml"), "w") as f:
        f.write('[[recipient]]\nid = "c0"\nparent = "third-party"\n')
        for i in range(1, size):
            f.write(f'[[recipient]]\nid = "c{i}"\nparent = "c{i - 1}"\n')
else:
    sys.exit(f"unknown case {case}")
PY

# ---------------------------------------------------------------------------------------------
# Measuring: `measure DIR CMD...` prints "seconds peak_rss_mb status" for one run.

cat >"$WORK/measure.py" <<'PY'
import os, signal, subprocess, sys, time

timeout, mem_limit_mb, err_file, cwd = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
cmd = sys.argv[5:]
page_mb = os.sysconf("SC_PAGE_SIZE") / 1e6
with open(os.devnull, "wb") as null, open(err_file, "wb") as err:
    start = time.monotonic()
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=null, stderr=err, cwd=cwd)
    status = None
    while True:
        pid, code, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        elapsed = time.monotonic() - start
        try:
            with open(f"/proc/{child.pid}/statm") as f:
                rss_mb = int(f.read().split()[1]) * page_mb
        except OSError:
            rss_mb = 0
        if status is None and elapsed > timeout:
            status = "TIMEOUT"
        elif status is None and rss_mb > mem_limit_mb:
            status = f"MEM>{mem_limit_mb}MB"
        if status is not None:
            os.kill(child.pid, signal.SIGKILL)
        time.sleep(0.005 if elapsed < 1 else 0.05)
    elapsed = time.monotonic() - start
    if status is None:
        if os.WIFSIGNALED(code):
            status = f"signal {os.WTERMSIG(code)}"
        else:
            status = f"exit {os.WEXITSTATUS(code)}"
print(f"{elapsed:.2f} {usage.ru_maxrss / 1024:.1f} {status.replace(' ', '_')}")
PY

# The command of a case, run in the case's input folder.
command_of() {
    case "$1" in
        oneline | oneword | sentences) echo "extract policy.txt --format json" ;;
        div-nest | table-rows | unclosed-b) echo "extract policy.html --format json" ;;
        md-list-nest | md-quote-nest) echo "extract policy.md --format json" ;;
        csv-columns | csv-row | recipients) echo "flows ledger.csv --format json" ;;
        har-query | har-body) echo "flows capture.har --site example.com --format json" ;;
        scan-html) echo "scan corpus --format jsonl --jobs 1" ;;
        history) echo "history versions --format json" ;;
        vocab-synonym | vocab-chain) echo "vocab check vocab.toml" ;;
    esac
}

# Small and large size of a case (large = 10 x small), and the unit of the size.
sizes_of() {
    case "$1" in
        oneline) echo "1000000 bytes" ;;
        oneword) echo "100000 bytes" ;;
        sentences) echo "10000 sentences" ;;
        div-nest | md-list-nest | md-quote-nest) echo "5000 levels" ;;
        table-rows) echo "10000 rows" ;;
        unclosed-b) echo "1000 tags" ;;
        csv-columns | csv-row) echo "100000 columns" ;;
        recipients) echo "30000 recipients" ;;
        har-query) echo "100000 bytes" ;;
        har-body) echo "10000000 bytes" ;;
        scan-html) echo "5000000 bytes" ;;
        history) echo "6000 sentences" ;;
        vocab-synonym) echo "20000 words" ;;
        vocab-chain) echo "1000 levels" ;;
        *) return 1 ;;
    esac
}

human() { # 1000000 -> 1M, 5000 -> 5k
    local n=$1
    if [ $((n % 1000000)) -eq 0 ]; then echo "$((n / 1000000))M"
    elif [ $((n % 1000)) -eq 0 ]; then echo "$((n / 1000))k"
    else echo "$n"; fi
}

printf '%-14s %14s %9s %8s %9s %-12s %7s %7s  %s\n' \
    case size input_MB seconds rss_MB exit time_x rss_x flags
FAILED=0
for c in $CASES; do
    sizes=$(sizes_of "$c") || die "unknown case $c (cases: $ALL_CASES)"
    read -r small unit <<<"$sizes"
    prev_t="" prev_m="" status=""
    for n in "$small" $((small * 10)); do
        dir="$WORK/$c-$n"
        if [ "$n" != "$small" ] && [ "${status:-}" = TIMEOUT ]; then
            # The small size already took the whole timeout: the large one would too.
            printf '%-14s %14s %9s %8s %9s %-12s %7s %7s  %s\n' "$c" "$(human "$n") $unit" \
                - - - "not run" "" "" "TIMEOUT (small size)"
            FAILED=$((FAILED + 1))
            continue
        fi
        python3 "$WORK/gen.py" "$c" "$n" "$dir"
        in_mb=$(du -sb --apparent-size "$dir" | awk '{printf "%.1f", $1 / 1e6}')
        # shellcheck disable=SC2046 # the command is words on purpose
        read -r t m status <<<"$(python3 "$WORK/measure.py" "$TIMEOUT" "$MEM_LIMIT" \
            "$dir/stderr.txt" "$dir" "$SAYDO" $(command_of "$c"))"
        status=${status//_/ }
        flags=""
        tx="" mx=""
        case "$status" in exit\ [012]) ;; *) flags+="$status " ;; esac
        if [ -n "$prev_t" ]; then
            tx=$(awk -v a="$t" -v b="$prev_t" 'BEGIN { printf "%.1f", a / (b > 0.01 ? b : 0.01) }')
            mx=$(awk -v a="$m" -v b="$prev_m" 'BEGIN { printf "%.1f", a / (b > 0.1 ? b : 0.1) }')
            awk -v x="$tx" -v t="$t" 'BEGIN { exit !(x > 12 && t >= 0.2) }' && flags+="time>12x "
            awk -v x="$mx" -v m="$m" 'BEGIN { exit !(x > 12 && m >= 50) }' && flags+="rss>12x "
        fi
        awk -v i="$in_mb" -v t="$t" 'BEGIN { exit !(i >= 10 && t > 2 * i / 10) }' && flags+="slow "
        awk -v i="$in_mb" -v m="$m" 'BEGIN { exit !(i >= 10 && m > 200) }' && flags+="big "
        printf '%-14s %14s %9s %8s %9s %-12s %7s %7s  %s\n' "$c" "$(human "$n") $unit" \
            "$in_mb" "$t" "$m" "$status" "$tx" "$mx" "$flags"
        [ -z "$flags" ] || FAILED=$((FAILED + 1))
        case "$status" in exit\ [01]) ;; *)
            head -n 1 "$dir/stderr.txt" | cut -c1-150 | sed 's/^/    stderr: /' ;;
        esac
        prev_t=$t prev_m=$m
        [ "$KEEP" = 1 ] || find "$dir" -mindepth 1 -not -name stderr.txt -delete
    done
done
say "$FAILED run(s) flagged"
[ "$FAILED" -eq 0 ]
