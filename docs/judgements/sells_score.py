"""Precision of `sells` declarations against the judgements in sells.tsv.

usage: python3 docs/judgements/sells_score.py docs/judgements/sells.tsv DECLS.jsonl
where DECLS.jsonl is `saydo extract ../shared/data/ota-privacy-policies --format jsonl`.
For each sample: how many judged declarations the output still makes, how many of those are
right (precision), and how many of the right ones it keeps (recall within the sample).
"""
import collections
import json
import sys

SHARING = {"share", "disclose", "transfer", "sell", "rent"}


def sells(d):
    if d["negated"]:
        return False
    if d["action"] in ("sell", "rent"):
        return True
    return d["action"] in SHARING and any(p["category"] == "data-sale" for p in d["purposes"])


def key(path, line, action):
    return (path.split("shared/data/")[-1], int(line), action)


made = {key(d["evidence"]["file"], d["evidence"]["line"], d["action"])
        for d in map(json.loads, open(sys.argv[2])) if sells(d)}
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    if line.startswith("#") or line.startswith("sample\t"):
        continue
    sample, _, path, ln, action, right = line.rstrip("\n").split("\t")
    rows[sample].append((key(path, ln, action) in made, right == "yes"))
for sample, rs in rows.items():
    kept = [r for k, r in rs if k]
    right = sum(r for _, r in rs)
    print(f"{sample}: {len(rs)} judged, {right} right; output makes {len(kept)}, "
          f"{sum(kept)} right (precision {sum(kept) / max(len(kept), 1):.2f}), "
          f"keeps {sum(kept)}/{right} right ones")
