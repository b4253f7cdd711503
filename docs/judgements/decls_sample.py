"""Draw a fixed random sample of sharing declarations from the validation half of the OTA policies.

usage: python3 docs/judgements/decls_sample.py DECLS.jsonl [SEED] [--sizes A,B,C,D]
                                               [--exclude JUDGED.tsv ...] > sample.tsv
where DECLS.jsonl is `saydo extract ../shared/data/ota-privacy-policies --format jsonl`.
--sizes replaces the four cell sizes below (in that order); --exclude leaves out declarations
already judged in a judgements TSV (same file, line, action, negated, rkey), so that a new sample
is all new judgements. Without options the draw is the one of decls.tsv (seed 1919).
Round 2 (decls-r2.tsv): SEED 2026 --sizes 27,20,13,20 --exclude docs/judgements/decls.tsv.

The 307 Open Terms Archive policies are split into halves by SHA-1 of the service name (the rule
of sells_sample.py: even is dev, odd is val). Only the val half is drawn from. A declaration is a
sharing one when its action moves data to another party: share, disclose, transfer, sell, rent
(`saydo vocab` lists the actions; collect and use move nothing). Cells and sizes:

  share/disclose, affirmed  40
  transfer, affirmed        30
  sell/rent, affirmed       20  (none already judged in sells.tsv)
  negated, any action       30

Declarations are deduplicated on (file, line, action, negated, quote, recipient terms); each cell
is sorted, shuffled with random.Random(SEED + cell index), and its head taken. Then come the
"sibling" rows: the other sharing declarations made from the sampled sentences, not sampled and
not judged, so that decls_score.py does not report them as new.

Output: TSV with cell, index, file (under shared/data/), line, action, negated, recipient
categories, rkey (SHA-1 prefix of the recipients written "term=category; ..."), qkey (SHA-1 prefix
of the sentence, spaces collapsed), then the recipients and the sentence for reading. decls.tsv
keeps the first nine columns (no policy text in the repository) and adds the judgement.
"""
import argparse
import hashlib
import json
import os
import random
import sys

SHARING = {"share", "disclose", "transfer", "sell", "rent"}
CELLS = [
    ("share-disclose", False, 40),
    ("transfer", False, 30),
    ("sell-rent", False, 20),
    ("negated", True, 30),
]


def group(action, negated):
    if negated:
        return "negated"
    return {"share": "share-disclose", "disclose": "share-disclose", "transfer": "transfer",
            "sell": "sell-rent", "rent": "sell-rent"}[action]


def svc(path):
    return path.split("ota-privacy-policies/")[1].split("/")[0]


def half(service):
    return "dev" if int(hashlib.sha1(service.encode()).hexdigest(), 16) % 2 == 0 else "val"


def rel(path):
    return path.split("shared/data/")[-1]


def recipients(d):
    return "; ".join(f"{r['term']}={r['category']}" for r in d["recipients"])


def clean(s):
    return " ".join(str(s).split())


def h(s):
    return hashlib.sha1(s.encode()).hexdigest()[:10]


def cats(recips):
    return ",".join(p.rsplit("=", 1)[1] for p in recips.split("; ")) if recips else "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("decls")
    ap.add_argument("seed", nargs="?", type=int, default=1919)
    ap.add_argument("--sizes", help="four cell sizes, comma-separated")
    ap.add_argument("--exclude", action="append", default=[], help="judgements TSV to leave out")
    args = ap.parse_args()
    src, seed = args.decls, args.seed
    cells = CELLS
    if args.sizes:
        sizes = [int(x) for x in args.sizes.split(",")]
        if len(sizes) != len(CELLS):
            sys.exit(f"--sizes needs {len(CELLS)} numbers")
        cells = [(c, neg, n) for (c, neg, _), n in zip(CELLS, sizes)]
    excluded = set()
    for path in args.exclude:
        for line in open(path):
            if line.startswith("#") or line.startswith("cell\t") or not line.strip():
                continue
            f = line.rstrip("\n").split("\t")
            if f[0] != "sibling":
                excluded.add((f[2], int(f[3]), f[4], f[5] == "yes", f[7]))
    here = os.path.dirname(os.path.abspath(__file__))
    judged_sells = set()
    for line in open(os.path.join(here, "sells.tsv")):
        if line.startswith("#") or line.startswith("sample\t"):
            continue
        f = line.rstrip("\n").split("\t")
        judged_sells.add((f[2], int(f[3]), f[4]))
    pools = {c: {} for c, _, _ in cells}
    for line in open(src):
        d = json.loads(line)
        if d["action"] not in SHARING:
            continue
        e = d["evidence"]
        if "ota-privacy-policies/" not in e["file"] or half(svc(e["file"])) != "val":
            continue
        cell = group(d["action"], d["negated"])
        f = rel(e["file"])
        if cell == "sell-rent" and (f, e["line"], d["action"]) in judged_sells:
            continue
        if (f, e["line"], d["action"], d["negated"], h(recipients(d))) in excluded:
            continue
        key = (f, e["line"], d["action"], d["negated"], clean(e["quote"]), recipients(d))
        pools[cell].setdefault(key, d)
    print("cell\tindex\tfile\tline\taction\tnegated\tcategories\trkey\tqkey\trecipients\tquote")
    drawn = []
    for i, (cell, _, n) in enumerate(cells):
        pool = sorted(pools[cell])
        print(f"{cell}: {len(pool)} in the val half", file=sys.stderr)
        random.Random(seed + i).shuffle(pool)
        drawn += [(cell, j, k) for j, k in enumerate(pool[:n])]
    sentences = {(f, ln, q) for _, _, (f, ln, _, _, q, _) in drawn}
    taken = {k[:4] + k[5:] for _, _, k in drawn}
    siblings, seen = [], set(taken)
    for line in open(src):
        d = json.loads(line)
        e = d["evidence"]
        k = (rel(e["file"]), e["line"], d["action"], d["negated"], recipients(d))
        if d["action"] in SHARING and (k[0], k[1], clean(e["quote"])) in sentences and k not in seen:
            seen.add(k)
            siblings.append(k + (clean(e["quote"]),))
    siblings.sort()
    drawn += [("sibling", j, s[:4] + (s[5], s[4])) for j, s in enumerate(siblings)]
    for cell, j, (f, ln, action, neg, quote, recips) in drawn:
        print("\t".join([cell, str(j), f, str(ln), action, "yes" if neg else "no", cats(recips),
                         h(recips), h(quote), recips, quote]))


if __name__ == "__main__":
    main()
