"""Precision of sharing declarations against the judgements in decls.tsv.

usage: python3 docs/judgements/decls_score.py docs/judgements/decls.tsv DECLS.jsonl
where DECLS.jsonl is `saydo extract ../shared/data/ota-privacy-policies --format jsonl` from the
build to score (the sample was drawn by decls_sample.py from the build named in decls.tsv).

A judged declaration is matched in DECLS.jsonl by (file, line, action, negated, recipients), the
recipients compared through rkey (SHA-1 prefix of "term=category; ..."). For each cell
(share-disclose, transfer, sell-rent affirmed; negated, any action) and overall:

  judged: the whole sample as judged: fully / partly / wrong; precision = (fully + partly) / judged,
          strict precision = fully / judged, with a 95% Wilson interval on precision;
  kept:   the judged declarations this build still makes, and their precision;
  dropped: judged declarations this build no longer makes: a wrong one is a fix, a right one
          (fully or partly) a loss.

"overall, weighted" weights each affirmed cell and the negated cell by its number of distinct
declarations in the validation half of DECLS.jsonl. Declarations made from a sampled sentence
(same file, line and sentence hash) that are neither judged nor listed as siblings in decls.tsv
are printed as "unjudged", with file:line, so they can be judged later.
"""
import collections
import hashlib
import json
import math
import sys

SHARING = {"share", "disclose", "transfer", "sell", "rent"}
CELLS = ["share-disclose", "transfer", "sell-rent", "negated"]
GROUP = {"share": "share-disclose", "disclose": "share-disclose", "transfer": "transfer",
         "sell": "sell-rent", "rent": "sell-rent"}


def h(s):
    return hashlib.sha1(s.encode()).hexdigest()[:10]


def clean(s):
    return " ".join(str(s).split())


def recipients(d):
    return "; ".join(f"{r['term']}={r['category']}" for r in d["recipients"])


def half(path):
    service = path.split("ota-privacy-policies/")[1].split("/")[0]
    return "dev" if int(hashlib.sha1(service.encode()).hexdigest(), 16) % 2 == 0 else "val"


def cell(action, negated):
    return "negated" if negated else GROUP[action]


def wilson(k, n):
    if n == 0:
        return (0.0, 0.0)
    z = 1.96
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - spread), min(1.0, centre + spread))


def pct(k, n):
    return f"{100 * k / n:.0f}%" if n else "-"


def main():
    judged, siblings = [], []
    for line in open(sys.argv[1]):
        if line.startswith("#") or line.startswith("cell\t") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        row = {"cell": f[0], "file": f[2], "line": int(f[3]), "action": f[4],
               "negated": f[5] == "yes", "rkey": f[7], "qkey": f[8], "judgement": f[9],
               "reason": f[10] if len(f) > 10 else "-"}
        (siblings if row["cell"] == "sibling" else judged).append(row)

    def key(r):
        return (r["file"], r["line"], r["action"], r["negated"], r["rkey"])

    made, pools, by_sentence = set(), collections.Counter(), collections.defaultdict(list)
    distinct = set()
    for line in open(sys.argv[2]):
        d = json.loads(line)
        if d["action"] not in SHARING:
            continue
        e = d["evidence"]
        path = e["file"].split("shared/data/")[-1]
        rk, qk = h(recipients(d)), h(clean(e["quote"]))
        k = (path, e["line"], d["action"], d["negated"], rk)
        made.add(k)
        by_sentence[(path, e["line"], qk)].append((k, recipients(d)))
        if "ota-privacy-policies/" in path and half(path) == "val":
            dk = k + (qk,)
            if dk not in distinct:
                distinct.add(dk)
                pools[cell(d["action"], d["negated"])] += 1

    def line_for(name, rows):
        n = len(rows)
        c = collections.Counter(r["judgement"] for r in rows)
        right = c["fully"] + c["partly"]
        lo, hi = wilson(right, n)
        kept = [r for r in rows if key(r) in made]
        kc = collections.Counter(r["judgement"] for r in kept)
        dropped = [r for r in rows if key(r) not in made]
        fixes = sum(r["judgement"] == "wrong" for r in dropped)
        return (f"| {name} | {n} | {pct(c['fully'], n)} | {pct(c['partly'], n)} | "
                f"{pct(c['wrong'], n)} | {right / max(n, 1):.2f} ({lo:.2f}-{hi:.2f}) | "
                f"{c['fully'] / max(n, 1):.2f} | {len(kept)} | "
                f"{(kc['fully'] + kc['partly']) / max(len(kept), 1):.2f} | "
                f"{kc['fully'] / max(len(kept), 1):.2f} | {fixes} | {len(dropped) - fixes} |")

    print("| cell | judged | fully | partly | wrong | precision (95%) | strict | kept | "
          "precision kept | strict kept | dropped wrong (fixes) | dropped right (losses) |")
    print("|---" * 12 + "|")
    for c in CELLS:
        print(line_for(c, [r for r in judged if r["cell"] == c]))
    for g in ("share-disclose", "transfer", "sell-rent"):
        rows = [r for r in judged if r["cell"] == "negated" and GROUP[r["action"]] == g]
        if rows:
            print(line_for(f"negated: {g}", rows))
    print(line_for("overall (sample)", judged))

    def weighted(only_kept):
        """(precision, strict) with each cell weighted by its size in the val half."""
        right = strict = total = 0.0
        for c in CELLS:
            rows = [r for r in judged if r["cell"] == c and (not only_kept or key(r) in made)]
            if not rows:
                continue
            right += pools[c] * sum(r["judgement"] in ("fully", "partly") for r in rows) / len(rows)
            strict += pools[c] * sum(r["judgement"] == "fully" for r in rows) / len(rows)
            total += pools[c]
        return right / max(total, 1), strict / max(total, 1)

    (wp, ws), (kp, ks) = weighted(False), weighted(True)
    print(f"\noverall, weighted by cell size in the val half of this extract "
          f"({', '.join(f'{c} {pools[c]}' for c in CELLS)}): precision {wp:.2f}, strict "
          f"{ws:.2f}; over kept declarations: precision {kp:.2f}, strict {ks:.2f}")

    reasons = collections.Counter((r["judgement"], r["reason"]) for r in judged
                                  if r["judgement"] != "fully")
    print("\nreasons: " + "; ".join(f"{j} {why}: {n}" for (j, why), n in sorted(reasons.items())))

    known = {key(r) for r in judged} | {key(r) for r in siblings}
    sentences = {(r["file"], r["line"], r["qkey"]) for r in judged}
    unjudged = sorted((k, recips) for s in sentences for k, recips in by_sentence.get(s, [])
                      if k not in known)
    gone = sum(s not in by_sentence for s in sentences)
    print(f"\nsampled sentences with no sharing declaration in this extract: {gone} of "
          f"{len(sentences)}")
    print(f"unjudged declarations in sampled sentences: {len(unjudged)}")
    for (path, ln, action, neg, _), recips in unjudged:
        print(f"  {path}:{ln} {action}{' (negated)' if neg else ''} -> {recips or '-'}")


if __name__ == "__main__":
    main()
