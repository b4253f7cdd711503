#!/usr/bin/env python3
"""Score saydo on the two fixed parts of the OPP-115 dev policies: tuning and validation.

usage: python3 benches/opp115_split.py [DATA_DIR] [--saydo BIN] [--scorer PATH]

The 66 dev policies are split once by SHA-1 of the file name: one in three (hash mod 3 == 0)
is the validation part, never read while writing rules; the rest is the tuning part. Each part
is written as its own data folder (symbolic links to the policies, the gold lines of its
policies) under a temporary folder and scored with ../shared/eval/opp115_score.py; the script
prints both headline lines and the gap.
"""
import argparse, hashlib, json, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("data", nargs="?", default="../shared/data/opp115-dev")
ap.add_argument("--saydo", default="target/release/saydo")
ap.add_argument("--scorer", default="../shared/eval/opp115_score.py")
a = ap.parse_args()


def part(name):
    return "validation" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 3 == 0 else "tuning"


policies = sorted(os.listdir(os.path.join(a.data, "policies")))
gold = [json.loads(l) for l in open(os.path.join(a.data, "gold.jsonl"))]
results = {}
with tempfile.TemporaryDirectory() as tmp:
    for p in ("tuning", "validation"):
        d = os.path.join(tmp, p)
        os.makedirs(os.path.join(d, "policies"))
        mine = [f for f in policies if part(f) == p]
        for f in mine:
            os.symlink(os.path.abspath(os.path.join(a.data, "policies", f)), os.path.join(d, "policies", f))
        stems = {os.path.splitext(f)[0] for f in mine} | set(mine)
        with open(os.path.join(d, "gold.jsonl"), "w") as out:
            for g in gold:
                if g["policy"] in stems:
                    out.write(json.dumps(g) + "\n")
        r = subprocess.run([sys.executable, a.scorer, d, "--saydo", os.path.abspath(a.saydo)],
                           capture_output=True, text=True, check=True)
        last = r.stdout.strip().splitlines()[-1]
        results[p] = dict(kv.split("=") for kv in last.split())
        print(f"{p:10} ({len(mine)} policies): {last}")
keys = results["tuning"].keys()
print("gap (tuning - validation): " + " ".join(
    f"{k}={float(results['tuning'][k]) - float(results['validation'][k]):+.3f}" for k in keys))
