"""How well each way of ranking names answers descriptions: hits at rank 1 and 3, and time per query.

Compares, on the real name index and a fixed list of queries with the entity
each one means:

* ``words``: :meth:`graph.store.resolve.NameIndex.search` (tokens weighted by
  rarity, acronyms, Korean bigrams, whole-name and spelling fallbacks);
* ``rapidfuzz``: ``rapidfuzz.process.extract`` with ``fuzz.WRatio`` and with
  ``fuzz.token_set_ratio`` over every name (when rapidfuzz is importable);
* ``fts5``: SQLite FTS5 with the trigram tokenizer, ranked by bm25.

    .venv/bin/python -m bench.search_quality
"""

import sqlite3
import sys
import time

QUERIES = [
    ("US-Japan Science and Technology Cooperation Agreement", "us-japan-st-agreement"),
    ("Korea US science technology agreement", "us-korea-st-agreement"),
    ("argonne", "anl"),
    ("argone", "anl"),
    ("문부과학성", "mext"),
    ("한미과학기술협력협정", "us-korea-st-agreement"),
    ("아르곤의", "anl"),
    ("Department of Energy", "doe"),
    ("Japan Genesis statement of intent", "us-japan-genesis-soi"),
    ("ETRI Argonne semiconductors collaboration", "etri-anl-collaboration"),
    ("Technology Prosperity Deal Korea", "tpd"),
    ("Korean joint research center in a US national laboratory", "k-rbrc"),
    ("lawrence livermore", "llnl"),
    ("RIKEN Brookhaven research center", "rbrc"),
]


def _names(index):
    rows = []
    for eid, e in index.entries.items():
        for name in [e["en"], e["ko"], *e["aliases"]]:
            if name:
                rows.append((eid, name))
    return rows


def _rank_words(index, q):
    return [i for i, _ in index.search(q, limit=3)]


def _rank_rapidfuzz(rows, scorer):
    from rapidfuzz import process

    choices = [n for _, n in rows]

    def rank(q):
        out = []
        for _, _, pos in process.extract(q, choices, scorer=scorer, limit=30):
            if rows[pos][0] not in out:
                out.append(rows[pos][0])
        return out[:3]
    return rank


def _rank_fts5(rows):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE names USING fts5(eid UNINDEXED, name, tokenize='trigram')")
    db.executemany("INSERT INTO names VALUES (?, ?)", rows)

    def rank(q):
        words = [w for w in q.replace('"', " ").split() if len(w) >= 3]
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        out = []
        for (eid,) in db.execute("SELECT eid FROM names WHERE names MATCH ? ORDER BY bm25(names) LIMIT 30", (match,)):
            if eid not in out:
                out.append(eid)
        return out[:3]
    return rank


def measure():
    from graph.workspace import Workspace

    index = Workspace().names
    rows = _names(index)
    methods = {"words": lambda q: _rank_words(index, q), "fts5": _rank_fts5(rows)}
    try:
        from rapidfuzz import fuzz

        methods["rapidfuzz WRatio"] = _rank_rapidfuzz(rows, fuzz.WRatio)
        methods["rapidfuzz token_set_ratio"] = _rank_rapidfuzz(rows, fuzz.token_set_ratio)
    except ImportError:
        pass
    out = {}
    for name, rank in methods.items():
        start = time.perf_counter()
        ranked = [rank(q) for q, _ in QUERIES]
        ms = (time.perf_counter() - start) * 1000 / len(QUERIES)
        at1 = sum(r[:1] == [want] for r, (_, want) in zip(ranked, QUERIES))
        at3 = sum(want in r for r, (_, want) in zip(ranked, QUERIES))
        misses = [q for r, (q, want) in zip(ranked, QUERIES) if r[:1] != [want]]
        out[name] = {"at1": at1, "at3": at3, "ms_per_query": round(ms, 2), "misses": misses}
    return out


if __name__ == "__main__":
    for name, r in measure().items():
        print(f"{name:<26} hit@1 {r['at1']:>2}/{len(QUERIES)}  hit@3 {r['at3']:>2}/{len(QUERIES)}  "
              f"{r['ms_per_query']:>7} ms/query  missed@1: {'; '.join(r['misses'])}")
    sys.exit(0)
