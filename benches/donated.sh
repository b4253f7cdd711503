#!/usr/bin/env bash
# Reading evidence people hold (issue 22): `saydo flows` on a ~100 MB synthetic iOS App Privacy
# Report and on a Meta "Download Your Information" export with 50,000 off-Meta events (folder
# and zip), beside a HAR capture of the same size with one request per App Privacy Report line's
# worth of bytes, for the "at the speed of the HAR reader" bar.
#
#   bash benches/donated.sh          # from the repository root
#
# Data is generated once into target/bench-data/donated/ (deterministic). Each measurement is
# run RUNS times (default 3); the table gives the median wall time, MB/s, records/s and the
# largest peak RSS (`/usr/bin/time -f "%e %M"`). Environment: RUNS, REPORT_MB (default 100),
# EVENTS (default 50000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-3}
REPORT_MB=${REPORT_MB:-100}
EVENTS=${EVENTS:-50000}
DATA=target/bench-data/donated
[ -x /usr/bin/time ] || { echo "donated.sh: /usr/bin/time (GNU time) is required" >&2; exit 2; }
echo "building (cargo build --release)..." >&2
cargo build --release --quiet
BIN=target/release/saydo
mkdir -p "$DATA"

python3 - "$DATA" "$REPORT_MB" "$EVENTS" <<'PY'
import json, os, random, sys, zipfile
data, mb, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(22)
marker = os.path.join(data, f".done-2-{mb}-{events}")
if os.path.exists(marker):
    sys.exit(0)
apps = [f"com.example{i}.app" for i in range(150)]
hosts = ["graph.facebook.com", "app-measurement.com", "www.google-analytics.com", "api.mixpanel.com",
         "sdk.iad-01.braze.com", "bat.bing.com", "ads.linkedin.com", "cdn.segment.com",
         "browser-intake-datadoghq.com", "o1234.ingest.sentry.io"] + [f"t{i}.tracker{i % 300}.example" for i in range(1500)]
cats = ["location", "photos", "contacts", "camera", "microphone"]
target = mb << 20
n = 0
with open(os.path.join(data, "App_Privacy_Report_v4_bench.ndjson"), "w") as f, \
     open(os.path.join(data, "capture.har"), "w") as h:
    h.write('{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"pages":[{"title":"https://www.shop.example/"}],"entries":[\n')
    size = 0
    first = True
    while size < target:
        app = random.choice(apps)
        day = 20 + random.randrange(9)
        if random.random() < 0.2:
            line = json.dumps({"accessor": {"identifier": app, "identifierType": "bundleID"},
                "category": random.choice(cats), "identifier": "6F2C1E0A-0000-4000-8000-%012d" % n,
                "kind": random.choice(["intervalBegin", "intervalEnd"]),
                "timeStamp": f"2026-11-{day}T08:01:12.114+01:00", "type": "access"})
        else:
            # An app talks to a few dozen domains, as on a real phone.
            a = apps.index(app)
            host = hosts[(a * 37 + random.randrange(40)) % len(hosts)]
            ctx = "news.example.org" if random.random() < 0.05 else ""
            line = json.dumps({"domain": host, "firstTimeStamp": f"2026-11-{day}T07:58:00Z", "context": ctx,
                "timeStamp": f"2026-11-{day}T19:02:11Z", "domainType": 2, "initiatedType": "AppInitiated",
                "hits": random.randrange(1, 200), "type": "networkActivity", "domainOwner": "", "bundleID": app})
        f.write(line + "\n")
        size += len(line) + 1
        host = random.choice(hosts)
        entry = json.dumps({"startedDateTime": f"2026-11-{day}T19:02:11Z", "time": 12,
            "request": {"method": "GET", "url": f"https://{host}/collect?v=1&tid=UA-1&cid={n}&dl=https%3A%2F%2Fwww.shop.example%2Fp%2F{n}",
                        "headers": [], "cookies": []},
            "response": {"status": 200, "content": {"size": 0}}})
        h.write(("" if first else ",\n") + entry)
        first = False
        n += 1
    h.write("\n]}}\n")
root = os.path.join(data, "meta-export")
os.makedirs(os.path.join(root, "apps_and_websites_off_of_facebook"), exist_ok=True)
os.makedirs(os.path.join(root, "ads_information"), exist_ok=True)
kinds = ["PAGE_VIEW", "VIEW_CONTENT", "SEARCH", "ADD_TO_CART", "PURCHASE", "CUSTOM", "ACTIVATE_APP"]
businesses = []
left = events
i = 0
while left > 0:
    k = min(left, random.randrange(1, 400))
    businesses.append({"name": f"Business {i}", "events": [
        {"id": 100000 + i, "type": random.choice(kinds), "timestamp": 1730419200 + random.randrange(10**7)} for _ in range(k)]})
    left -= k
    i += 1
with open(os.path.join(root, "apps_and_websites_off_of_facebook", "your_activity_off_meta_technologies.json"), "w") as f:
    json.dump({"off_facebook_activity_v2": businesses}, f, indent=2)
with open(os.path.join(root, "ads_information", "advertisers_using_your_activity_or_information.json"), "w") as f:
    json.dump({"custom_audiences_all_types_v2": [{"advertiser_name": f"Advertiser {j}", "has_data_file_custom_audience": True,
        "has_remarketing_custom_audience": False, "has_in_person_store_visit": False} for j in range(2000)]}, f, indent=2)
with zipfile.ZipFile(os.path.join(data, "meta-export.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, fs in sorted(os.walk(root)):
        for name in sorted(fs):
            p = os.path.join(d, name)
            z.write(p, os.path.relpath(p, data))
open(marker, "w").write("ok")
PY

measure() { # label records path...
    local label=$1 records=$2; shift 2
    local bytes
    bytes=$(du -cb "$@" | tail -1 | cut -f1)
    local results=()
    for _ in $(seq "$RUNS"); do
        results+=("$( { /usr/bin/time -f "%e %M" "$BIN" flows -f json "$@" >/dev/null; } 2>&1 | tail -1)")
    done
    printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
label, records, nbytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [l.split() for l in sys.stdin if l.strip()]
wall = statistics.median(float(r[0]) for r in rows)
rss = max(int(r[1]) for r in rows) / 1024
print(f"| {label} | {nbytes/2**20:.0f} MB | {records:,} | {wall:.2f} s | {nbytes/2**20/max(wall,1e-3):.0f} MB/s | {records/max(wall,1e-3):,.0f}/s | {rss:.1f} MB |")
' "$label" "$records" "$bytes"
}

lines=$(wc -l < "$DATA/App_Privacy_Report_v4_bench.ndjson")
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| input | size | records | wall (median of $RUNS) | MB/s | records/s | peak RSS |"
echo "|---|---|---|---|---|---|---|"
measure "App Privacy Report (v4)" "$lines" "$DATA/App_Privacy_Report_v4_bench.ndjson"
measure "HAR capture, same number of requests" "$lines" "$DATA/capture.har"
measure "Meta export, folder" "$((EVENTS + 2000))" "$DATA/meta-export"
measure "Meta export, zip" "$((EVENTS + 2000))" "$DATA/meta-export.zip"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
