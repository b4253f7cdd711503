#!/usr/bin/env python3
"""Benchmark `saydo survey` at 1,000 and 10,000 sites (issue 21).

Builds, under a work folder (default /tmp/saydo-survey-bench):
  - a CSV manifest mapping site-N.example to one of the real policies in
    ../shared/data/ota-privacy-policies (307, reused across sites), with a `domains` column;
  - an OpenWPM-schema SQLite database (the columns of OpenWPM v0.31.0's site_visits and
    http_requests) with one visit per site and about 50 third-party requests per visit, their
    URLs drawn from the requests of the real captures in ../shared/data/har, plus 2 first-party
    requests; requests of different visits are interleaved, as parallel browsers write them.
Then runs `target/release/saydo survey` on each size and reports wall time, sites/s, peak RSS
(from /usr/bin/time) and saydo's own split of thread-seconds (reading evidence, extracting
policies, judging).

    cargo build --release
    python3 benches/survey_bench.py [--sizes 1000,10000] [--jobs 2] [--work DIR]
"""

import argparse
import csv
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SAYDO_SHARED_DATA", ROOT.parent / "shared" / "data"))


def har_urls():
    urls = []
    for p in sorted((DATA / "har").rglob("*.har")):
        try:
            doc = json.loads(p.read_text(encoding="utf-8-sig", errors="replace"))
        except ValueError:
            continue
        for e in doc.get("log", {}).get("entries", []):
            u = e.get("request", {}).get("url", "")
            if u.startswith("http"):
                urls.append(u)
    return sorted(set(urls))


def build(work: Path, n: int, seed: int = 21):
    rng = random.Random(seed)
    policies = sorted((DATA / "ota-privacy-policies").glob("*/Privacy Policy.md"))
    if not policies:
        sys.exit(f"no policies under {DATA}/ota-privacy-policies")
    urls = har_urls()
    if not urls:
        sys.exit(f"no requests in the captures under {DATA}/har")
    work.mkdir(parents=True, exist_ok=True)
    manifest = work / f"policies-{n}.csv"
    with manifest.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["site", "policy", "date", "domains"])
        for i in range(n):
            site = f"site-{i:05d}.example"
            w.writerow([site, str(policies[i % len(policies)]), "", f"www.{site}"])
    db = work / f"crawl-{n}.sqlite"
    if db.exists():
        db.unlink()
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE TABLE task (task_id INTEGER PRIMARY KEY AUTOINCREMENT, start_time DATETIME DEFAULT CURRENT_TIMESTAMP,
          manager_params TEXT NOT NULL, openwpm_version TEXT NOT NULL, browser_version TEXT NOT NULL);
        CREATE TABLE site_visits (visit_id INTEGER PRIMARY KEY, browser_id INTEGER NOT NULL,
          site_url VARCHAR(500) NOT NULL, site_rank INTEGER);
        CREATE TABLE http_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, incognito INTEGER,
          browser_id INTEGER NOT NULL, visit_id INTEGER NOT NULL, extension_session_uuid TEXT,
          event_ordinal INTEGER, window_id INTEGER, tab_id INTEGER, frame_id INTEGER, url TEXT NOT NULL,
          top_level_url TEXT, parent_frame_id INTEGER, frame_ancestors TEXT, method TEXT NOT NULL,
          referrer TEXT NOT NULL, headers TEXT NOT NULL, request_id INTEGER NOT NULL, is_XHR INTEGER,
          is_third_party_channel INTEGER, is_third_party_to_top_window INTEGER, triggering_origin TEXT,
          loading_origin TEXT, loading_href TEXT, req_call_stack TEXT, resource_type TEXT NOT NULL,
          post_body TEXT, post_body_raw TEXT, time_stamp DATETIME NOT NULL);
        INSERT INTO task (manager_params, openwpm_version, browser_version) VALUES ('{}', 'v0.31.0', 'Firefox 134');
        """
    )
    conn.executemany(
        "INSERT INTO site_visits VALUES (?, ?, ?, ?)",
        [(i + 1, i % 2, f"https://www.site-{i:05d}.example/", i + 1) for i in range(n)],
    )
    rows = []
    for i in range(n):
        site = f"https://www.site-{i:05d}.example/"
        reqs = [site, site + "static/app.js"] + rng.sample(urls, min(50, len(urls)))
        for k, u in enumerate(reqs):
            headers = json.dumps([["Referer", site], ["Cookie", f"uid={i}"]] if k % 3 == 0 else [["Referer", site]])
            rows.append((i + 1, u, site, "GET", headers, k, "2024-05-01T12:00:00.000Z"))
    # Interleave two browsers' writes.
    rows = rows[0::2] + rows[1::2]
    conn.executemany(
        "INSERT INTO http_requests (browser_id, visit_id, url, top_level_url, method, referrer, headers,"
        " request_id, resource_type, time_stamp) VALUES (1, ?, ?, ?, ?, '', ?, ?, 'script', ?)",
        rows,
    )
    conn.commit()
    conn.close()
    return manifest, db, len(rows)


def run(manifest, db, jobs, out):
    saydo = ROOT / "target" / "release" / "saydo"
    cmd = ["/usr/bin/time", "-v", str(saydo), "survey", "--policies", str(manifest),
           "--evidence", str(db), "-o", str(out), "--jobs", str(jobs), "--summary"]
    t = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.time() - t
    if p.returncode not in (0, 1):
        sys.exit(f"saydo failed ({p.returncode}):\n{p.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    split = re.search(r"reading evidence ([\d.]+), extracting policies ([\d.]+), judging ([\d.]+)", p.stderr)
    return wall, rss, tuple(float(x) for x in split.groups()), p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default="/tmp/saydo-survey-bench")
    args = ap.parse_args()
    work = Path(args.work)
    print(f"{'sites':>7} {'requests':>9} {'wall s':>7} {'sites/s':>8} {'peak MB':>8}  thread-s: evidence / extraction / judging")
    for n in [int(x) for x in args.sizes.split(",")]:
        manifest, db, nreq = build(work, n)
        wall, rss, (ev, ex, ju), err = run(manifest, db, args.jobs, work / f"findings-{n}.jsonl")
        print(f"{n:>7} {nreq:>9} {wall:>7.1f} {n / wall:>8.0f} {rss:>8.1f}  {ev:.1f} / {ex:.1f} / {ju:.1f}")
        if os.environ.get("SURVEY_BENCH_SUMMARY"):
            print(err)


if __name__ == "__main__":
    main()
