#!/usr/bin/env bash
# Evidence-reading throughput: `saydo flows` on sharing ledgers of 100k, 1M and 10M rows and on
# a ~200 MB HAR capture, and `saydo check` against `flows` on the 10M-row ledger.
#
#   bash benches/logs.sh            # from the repository root
#
# Test data is generated once into target/bench-data/ (about 1.2 GB) and reused while the
# generator and the sizes stay the same. Each measurement is run RUNS times (default 3); the
# table shows the median wall time and CPU time and the largest peak RSS, from
# `/usr/bin/time -f "%e %M %U %S"`. Wall times need an otherwise idle machine: the load average
# before and after is printed with the table.
# Output goes to /dev/null; counts are checked in separate, untimed runs on the smaller inputs.
#
# Environment: RUNS (default 3), SIZES (ledger rows, default "100000 1000000 10000000"),
# HAR_ENTRIES (default 20000), HAR_BODY (characters per response body, default 8000: about 8.5 KB as
# JSON text, about 200 MB for 20k entries).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-3}
SIZES=${SIZES:-"100000 1000000 10000000"}
HAR_ENTRIES=${HAR_ENTRIES:-20000}
HAR_BODY=${HAR_BODY:-8000}
POLICY=corpus/policies/emmas-club.md
DATA=target/bench-data
GEN_VERSION=1 # bump when the generator changes, so old files are regenerated

[ -x /usr/bin/time ] || { echo "logs.sh: /usr/bin/time (GNU time) is required" >&2; exit 2; }
command -v python3 >/dev/null || { echo "logs.sh: python3 is required" >&2; exit 2; }

echo "building (cargo build --release)..." >&2
cargo build --release --quiet
BIN=target/release/saydo
mkdir -p "$DATA"

# ---------------------------------------------------------------------------------------------
# Generators. Deterministic (fixed seed); a `.done` marker, written last, holds the generator
# version and the parameters, so a half-written file is never reused.

gen_ledger() { # rows path
    python3 - "$1" "$2" <<'PY'
import random, sys

rows, path = int(sys.argv[1]), sys.argv[2]
random.seed(20170428)

# (weight, recipient, recipient_category, on_behalf_of, purpose, data, reference prefix)
# Registry organisations as written in real registers (aliases included), plus a few the
# registry does not know (with and without a category).
MIX = [
    (6, "Experian Marketing Services", "", "Labour Party", "election mailing; political campaigning", "parent name; home address; child date of birth", "EMS"),
    (2, "Experian Marketing Services", "", "Conservative and Unionist Party", "political campaigning", "name; postal address", "EMS"),
    (6, "Acxiom", "data broker", "", "list rental", "name; address; email", "ACX"),
    (5, "Epsilon", "", "", "marketing", "email address; purchase history", "EPS"),
    (12, "Stripe", "payment processor", "", "payment processing", "cardholder name; card number", "STR"),
    (8, "Criteo", "", "", "retargeting", "hashed email; device id", "CRT"),
    (10, "Mailchimp", "", "", "newsletter", "email address; first name", "MCH"),
    (1, "HMRC", "", "", "legal obligation", "member name; order history", "HMRC"),
    (4, "Equifax", "", "", "identity verification", "name; date of birth", "EQX"),
    (3, "TransUnion", "credit reference agency", "", "credit check", "name; address", "TU"),
    (4, "LiveRamp", "", "", "audience matching", "hashed email", "LR"),
    (5, "Salesforce Marketing Cloud", "", "", "email marketing", "email; name", "SFMC"),
    (6, "Google Analytics", "", "", "analytics", "device id; ip address", "GA"),
    (6, "Meta Platforms", "", "", "advertising", "hashed email; phone number", "META"),
    (4, "Klaviyo", "", "", "marketing emails", "email; order history", "KLV"),
    (3, "PayPal", "", "", "payments", "name; email address", "PP"),
    (3, "Amazon Web Services", "hosting provider", "", "hosting", "account data", "AWS"),
    (3, "Zendesk", "", "", "customer support", "name; email; messages", "ZD"),
    (2, "Twilio SendGrid", "", "", "transactional email", "email address", "SG"),
    (2, "CACI Limited", "", "", "data enrichment", "postcode; household income", "CACI"),
    (3, "Thameside Print & Mail Ltd", "mailing house", "", "printing and posting", "parent name; home address", "TPM"),
    (2, "Little Sprout Baby Care Ltd", "marketing-partner", "", "third party marketing", "parent name; email address", "LSB"),
    (1, "Northwind Lists Ltd", "", "", "list brokerage", "name; address", "NWL"),
    (1, "Bluebell Data Co", "", "", "", "email", "BDC"),
]
weights = [m[0] for m in MIX]
head = [m[1] for m in MIX]
tail = [",%s,%s,%s,%s," % m[2:6] for m in MIX]
ref = ["," + m[6] + "-" for m in MIX]
# ISO dates over 2016-2024 (every day, valid calendar dates only).
import datetime
d0 = datetime.date(2016, 1, 1)
dates = [(d0 + datetime.timedelta(days=k)).isoformat() for k in range(9 * 365)]
counts = [str(c) for c in range(1, 5000)]

CHUNK = 200_000
total_records = 0
with open(path, "w", newline="\n") as out:
    out.write("recipient,date,recipient_category,on_behalf_of,purpose,data,records,reference\n")
    for start in range(0, rows, CHUNK):
        n = min(CHUNK, rows - start)
        who = random.choices(range(len(MIX)), weights=weights, k=n)
        when = random.choices(dates, k=n)
        many = random.choices(range(len(counts)), k=n)
        out.write("".join([
            f"{head[w]},{d}{tail[w]}{counts[c]}{ref[w]}{start + k:09d}\n"
            for k, (w, d, c) in enumerate(zip(who, when, many))
        ]))
        total_records += sum(many) + n  # counts[c] == c + 1
# Expected totals, for the untimed count check.
with open(path + ".expect", "w") as f:
    f.write(f"rows {rows}\nrecords {total_records}\n")
PY
}

gen_har() { # entries body_bytes path
    python3 - "$1" "$2" "$3" <<'PY'
import base64, hashlib, json, random, sys

entries, body, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(1065200)
SITE = "www.bumpstartclub.example"

# A pool of body text with the characters a JSON reader must unescape or skip: quotes,
# backslashes, newlines, tabs, non-ASCII.
words = ("function var return const let window document push dataLayer gtag fbq "
         "\"quoted\" back\\slash naïve café 中文 tab\there line\nbreak <div class=\"x\"> "
         "</div> {\"k\": [1, 2, 3]} 0123456789 abcdefghijklmnopqrstuvwxyz").split(" ")
pool = " ".join(random.choice(words) for _ in range(body // 3 + 4000))
pool_b64 = base64.b64encode(random.randbytes(body * 2)).decode()

def hdr(name, value):
    return {"name": name, "value": value}

def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()

def query(url):
    q = url.split("?", 1)[1] if "?" in url else ""
    return [{"name": k, "value": v} for k, _, v in (p.partition("=") for p in q.split("&") if p)]

def body_text(i):
    off = (i * 7919) % (len(pool) - body)
    return pool[off:off + body]

def request(i):
    r = random.random()
    page = f"https://{SITE}/week/{i % 40 + 1}"
    email = f"member{i % 997}@example.org"
    if r < 0.20:
        url = (f"https://www.facebook.com/tr?id=1234567890123456&ev=PageView&dl=https%3A%2F%2F{SITE}%2Fweek%2F{i % 40 + 1}"
               f"&rl=&if=false&ts={1700000000000 + i}&cd[pregnancy_week]={i % 40 + 1}&ud[em]={sha(email)}"
               f"&sw=1920&sh=1080&v=2.9.150&r=stable&ec=1&o=4126&fbp=fb.1.1700000000.{i}&it=1700000000000")
        return "GET", url, "image/gif", [hdr("cookie", f"fr=0abc{i}..BlX")], None
    if r < 0.35:
        url = (f"https://www.google-analytics.com/g/collect?v=2&tid=G-BMPSTRT01&gtm=45je3&_p={i}"
               f"&cid={100000 + i % 5000}.1700000000&ul=en-gb&sr=1920x1080&en=page_view"
               f"&dl=https%3A%2F%2F{SITE}%2Fweek%2F{i % 40 + 1}&dt=Week%20{i % 40 + 1}%20%7C%20Bumpstart")
        return "POST", url, "text/plain", [], None
    if r < 0.50:
        url = (f"https://securepubads.g.doubleclick.net/gampad/ads?pvsid={i}&correlator={i * 31}"
               f"&output=ldjh&gdfp_req=1&iu_parts=1234%2Cbumpstart%2Cweek&prev_iu_szs=300x250"
               f"&url=https%3A%2F%2F{SITE}%2Fweek%2F{i % 40 + 1}&cookie=ID%3D{i:08x}")
        return "GET", url, "application/json", [], None
    if r < 0.55:
        url = "https://www.facebook.com/tr/"
        post = {"mimeType": "application/x-www-form-urlencoded",
                "params": [{"name": "id", "value": "1234567890123456"}, {"name": "ev", "value": "Lead"},
                           {"name": "udff[em]", "value": sha(email)}],
                "text": f"id=1234567890123456&ev=Lead&udff%5Bem%5D={sha(email)}"}
        return "POST", url, "text/plain", [], post
    if r < 0.80:
        host = random.choice(["static", "img", "cdn"])
        return "GET", f"https://{host}.bumpstartclub.example/assets/app.{i % 300:03d}.js", "application/javascript", [], None
    return "GET", f"https://{SITE}/week/{i % 40 + 1}?ref=nav", "text/html; charset=utf-8", [hdr("cookie", f"sid={i:012x}")], None

def entry(i):
    method, url, mime, extra, post = request(i)
    req = {
        "method": method, "url": url, "httpVersion": "HTTP/2",
        "cookies": [],
        "headers": [hdr("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
                    hdr("referer", f"https://{SITE}/")] + extra,
        "queryString": query(url), "headersSize": -1, "bodySize": 0,
    }
    if post:
        req["postData"] = post
    text = body_text(i) if i % 3 else pool_b64[(i * 13) % body:(i * 13) % body + body]
    content = {"size": len(text), "mimeType": mime, "text": text}
    if i % 3 == 0:
        content["encoding"] = "base64"
    return {
        "pageref": "page_1",
        "startedDateTime": f"2024-03-12T21:{(i // 60) % 60:02d}:{i % 60:02d}.{i % 1000:03d}Z",
        "time": 40 + i % 200,
        "request": req,
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2", "cookies": [],
                     "headers": [hdr("content-type", mime), hdr("cache-control", "max-age=3600")],
                     "content": content, "redirectURL": "", "headersSize": -1, "bodySize": len(text)},
        "cache": {},
        "timings": {"blocked": 1, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 30, "receive": 9},
    }

with open(path, "w", encoding="utf-8", newline="\n") as out:
    out.write('{\n  "log": {\n    "version": "1.2",\n'
              '    "creator": {"name": "Firefox", "version": "128.0"},\n'
              '    "browser": {"name": "Firefox", "version": "128.0"},\n'
              '    "pages": [\n      {"startedDateTime": "2024-03-12T21:00:00.000Z", "id": "page_1", '
              f'"title": "https://{SITE}/week/1", "pageTimings": {{"onContentLoad": 640, "onLoad": 1210}}}}\n    ],\n'
              '    "entries": [\n')
    for i in range(entries):
        # One entry per block of lines, as exporters write them (bodies stay on one line).
        text = json.dumps(entry(i), ensure_ascii=False, indent=1)
        out.write("      " + text.replace("\n", "\n      ") + (",\n" if i + 1 < entries else "\n"))
    out.write("    ]\n  }\n}\n")
with open(path + ".expect", "w") as f:
    f.write(f"entries {entries}\n")
PY
}

ensure() { # path marker-content generator-args...
    local path=$1 marker=$2
    shift 2
    if [ -f "$path" ] && [ -f "$path.done" ] && [ "$(cat "$path.done")" = "$marker" ]; then
        echo "reusing $path" >&2
        return
    fi
    echo "generating $path..." >&2
    rm -f "$path" "$path.done" "$path.expect"
    "$@" "$path"
    echo "$marker" >"$path.done"
}

for rows in $SIZES; do
    ensure "$DATA/ledger-$rows.csv" "v$GEN_VERSION rows=$rows" gen_ledger "$rows"
done
HAR="$DATA/capture-$HAR_ENTRIES.har"
ensure "$HAR" "v$GEN_VERSION entries=$HAR_ENTRIES body=$HAR_BODY" gen_har "$HAR_ENTRIES" "$HAR_BODY"

# ---------------------------------------------------------------------------------------------
# Measurement.

NPROC=$(nproc)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
ERRLOG="$DATA/stderr.log"
: >"$ERRLOG"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# measure THREADS CMD... -> prints "median_wall max_rss_kb median_cpu_s" (CPU = user + sys);
# THREADS is "" for the default pool (rayon: one thread per core).
measure() {
    local threads=$1
    shift
    local walls=() cpus=() rss=0 out="$DATA/time.out" status
    for ((r = 0; r < RUNS; r++)); do
        status=0
        if [ -n "$threads" ]; then
            RAYON_NUM_THREADS=$threads /usr/bin/time -f "%e %M %U %S" -o "$out" "$@" >/dev/null 2>>"$ERRLOG" || status=$?
        else
            /usr/bin/time -f "%e %M %U %S" -o "$out" "$@" >/dev/null 2>>"$ERRLOG" || status=$?
        fi
        if [ "$status" -ne 0 ]; then
            echo "logs.sh: exit $status from: $*" >&2
            cat "$out" >&2
            tail -n 20 "$ERRLOG" >&2
            exit 1
        fi
        # The last line: GNU time prefixes "Command exited with non-zero status" lines.
        read -r w m u k < <(tail -n 1 "$out")
        walls+=("$w")
        cpus+=("$(awk -v u="$u" -v k="$k" 'BEGIN {print u + k}')")
        if ((m > rss)); then rss=$m; fi
    done
    echo "$(median "${walls[@]}") $rss $(median "${cpus[@]}")"
}

commas() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.1f", b / 1e6}'; }

ROWS_OUT=()
row() { # input size count threads wall rate rss_kb cpu_s
    ROWS_OUT+=("$(awk -v i="$1" -v s="$2" -v c="$3" -v t="$4" -v w="$5" -v r="$6" -v m="$7" -v u="$8" \
        'BEGIN {printf "| %s | %s | %s | %s | %.2f | %s | %.1f | %.2f |", i, s, c, t, w, r, m / 1024, u}')")
}
rate() { # amount wall unit
    awk -v a="$1" -v w="$2" -v u="$3" 'BEGIN {
        if (w <= 0) { printf "n/a (wall < 0.01 s)"; exit }
        v = a / w
        if (u == "rows/s") printf "%.0f rows/s", v; else printf "%.1f MB/s", v }'
}

# Untimed count checks: every row read, none skipped, per-flow log_records and records sum to
# what the generator wrote; every HAR entry read.
verify_ledger() { # path
    local path=$1 got
    got=$("$BIN" flows "$path" --format json 2>>"$ERRLOG" | python3 -c '
import json, sys
j = json.load(sys.stdin)
s = j["summary"]
print(s["records_read"], s["records_skipped"], sum(f["log_records"] for f in j["flows"]),
      sum(f["records"] for f in j["flows"]), s["flows"], len(s["unresolved"]))')
    read -r read_ skipped logrecs records flows unresolved <<<"$got"
    local want_rows want_records
    want_rows=$(awk '$1 == "rows" {print $2}' "$path.expect")
    want_records=$(awk '$1 == "records" {print $2}' "$path.expect")
    echo "check $path: read $read_ (want $want_rows), skipped $skipped, log_records $logrecs, records $records (want $want_records), $flows flows, $unresolved unresolved" >&2
    if [ "$read_" != "$want_rows" ] || [ "$skipped" != 0 ] || [ "$logrecs" != "$want_rows" ] || [ "$records" != "$want_records" ]; then
        echo "logs.sh: WRONG COUNTS for $path" >&2
        COUNT_ERRORS+=("$path: read $read_/$want_rows skipped $skipped log_records $logrecs records $records/$want_records")
    fi
}
verify_har() { # path
    local path=$1 got want
    got=$("$BIN" flows "$path" --format json 2>>"$ERRLOG" | python3 -c '
import json, sys
j = json.load(sys.stdin)
s = j["summary"]
per = ["%s=%d" % (f["recipient"]["name"].replace(" ", "_"), f["log_records"]) for f in j["flows"]]
print(s["records_read"], s["records_skipped"], s["flows"], " ".join(per))')
    want=$(awk '$1 == "entries" {print $2}' "$path.expect")
    echo "check $path: read/skipped/flows and requests per flow: $got (want $want entries)" >&2
    read -r read_ _ <<<"$got"
    if [ "$read_" != "$want" ]; then
        echo "logs.sh: WRONG COUNTS for $path" >&2
        COUNT_ERRORS+=("$path: read $read_ of $want entries")
    fi
}

COUNT_ERRORS=()
for rows in $SIZES; do
    if ((rows <= 1000000)); then verify_ledger "$DATA/ledger-$rows.csv"; fi
done
verify_har "$HAR"

LARGEST=""
for rows in $SIZES; do
    f="$DATA/ledger-$rows.csv"
    echo "measuring flows on $f..." >&2
    res=$(measure "" "$BIN" flows "$f" --format json)
    read -r wall rss cpu <<<"$res"
    row "ledger $(commas "$rows") rows (flows)" "$(mb "$f")" "$(commas "$rows")" "$NPROC" "$wall" "$(rate "$rows" "$wall" rows/s)" "$rss" "$cpu"
    if ((rows == 1000000)); then
        echo "measuring flows on $f, one thread..." >&2
        res=$(measure 1 "$BIN" flows "$f" --format json)
        read -r wall rss cpu <<<"$res"
        row "ledger 1,000,000 rows (flows)" "$(mb "$f")" "$(commas "$rows")" 1 "$wall" "$(rate "$rows" "$wall" rows/s)" "$rss" "$cpu"
    fi
    LARGEST=$rows
done
FLOWS_WALL=$wall

f="$DATA/ledger-$LARGEST.csv"
echo "measuring check on $f..." >&2
res=$(measure "" "$BIN" check --policy "$POLICY" --log "$f" --format json --fail-on never)
read -r check_wall rss cpu <<<"$res"
row "ledger $(commas "$LARGEST") rows (check vs emmas-club.md)" "$(mb "$f")" "$(commas "$LARGEST")" "$NPROC" "$check_wall" "$(rate "$LARGEST" "$check_wall" rows/s)" "$rss" "$cpu"

echo "measuring flows on $HAR..." >&2
res=$(measure "" "$BIN" flows "$HAR" --format json)
read -r wall rss cpu <<<"$res"
row "HAR capture (flows)" "$(mb "$HAR")" "$(commas "$HAR_ENTRIES") entries" "$NPROC" "$wall" "$(rate "$(mb "$HAR")" "$wall" MB/s)" "$rss" "$cpu"

# ---------------------------------------------------------------------------------------------
# Report.

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
echo
echo "## saydo evidence reading (benches/logs.sh)"
echo
echo "Machine: ${NPROC} cores (nproc), ${cpu:-unknown CPU}, ${mem}; $(rustc --version 2>/dev/null || echo rustc ?); release profile."
echo "Load average before the runs: ${LOAD_BEFORE}; after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews wall times)."
echo "saydo at $(git rev-parse --short HEAD 2>/dev/null || echo ?)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock vocab 2>/dev/null || echo ' (with uncommitted changes to src/)')."
echo "Wall time is the median of $RUNS runs, peak RSS the largest; output to /dev/null."
echo
echo "| input | size (MB) | rows or entries | threads | wall s | rows/s (or MB/s) | peak RSS MB | CPU s (user+sys) |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS_OUT[@]}"
echo
awk -v c="$check_wall" -v f="$FLOWS_WALL" -v n="$LARGEST" 'BEGIN {
    if (f > 0) printf "check / flows on the %d-row ledger: %.2f s / %.2f s = %.2fx\n", n, c, f, c / f }'
if ((${#COUNT_ERRORS[@]})); then
    echo
    echo "COUNT ERRORS:"
    printf '  %s\n' "${COUNT_ERRORS[@]}"
    exit 1
fi
