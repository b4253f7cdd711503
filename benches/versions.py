#!/usr/bin/env python3
"""Builds a simulated version history of real policies, for benchmarking longitudinal scans.

    python3 benches/versions.py SRC OUT VERSIONS [SEED]

SRC holds <Service>/<Document>.md (the Open Terms Archive layout); OUT gets
<Service>/<YYYY-MM-DD>.md, VERSIONS dated versions of each policy, oldest first: a dated version
series as `saydo history` reads it, and a corpus of snapshots as longitudinal studies scan them.

Version 1 is the real text. Each later version is the one before with the edits policies get
between snapshots: the dates in the text move on, two paragraphs are reworded (a word swapped
for another word of the same policy), one gets a sentence taken from another policy, and one
time in four a paragraph is dropped. Most sentences therefore recur unchanged from version to
version, as they do in real histories; no two versions are identical.

Deterministic for a given SEED (default 1).
"""

import os
import random
import re
import sys

DATE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b|\b(January|February|March|April|May|June|July|"
                  r"August|September|October|November|December) \d{1,2}, (19|20)\d\d\b")


def paragraphs(text):
    return text.split("\n\n")


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 40 and "|" not in s]


def next_version(paras, rng, donors, stamp):
    paras = [DATE.sub(stamp, p) for p in paras]
    prose = [i for i, p in enumerate(paras) if len(p) > 80 and not p.lstrip().startswith(("#", "|"))]
    if not prose:
        return paras
    for i in rng.sample(prose, min(2, len(prose))):
        words = paras[i].split(" ")
        pool = [w for w in words if w.isalpha()]
        if len(words) > 3 and pool:
            words[rng.randrange(len(words))] = rng.choice(pool)
            paras[i] = " ".join(words)
    donor = rng.choice(donors)
    if donor:
        i = rng.choice(prose)
        paras[i] = paras[i] + " " + rng.choice(donor)
    if rng.random() < 0.25 and len(prose) > 3:
        del paras[rng.choice(prose)]
    return paras


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    src, out, versions = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) == 5 else 1)
    policies = []
    for service in sorted(os.listdir(src)):
        folder = os.path.join(src, service)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".md"):
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                    policies.append((service, f.read()))
                break
    donors = [sentences(text)[:200] for _, text in policies]
    for service, text in policies:
        folder = os.path.join(out, service)
        os.makedirs(folder, exist_ok=True)
        paras = paragraphs(text)
        for v in range(versions):
            year, month = 2018 + v // 4, 1 + 3 * (v % 4)
            stamp = f"{year}-{month:02d}-01"
            if v > 0:
                paras = next_version(paras, rng, donors, stamp)
            with open(os.path.join(folder, stamp + ".md"), "w", encoding="utf-8") as f:
                f.write("\n\n".join(paras))


if __name__ == "__main__":
    main()
