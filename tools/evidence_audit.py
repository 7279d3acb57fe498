"""Audit figures of the evidence: how many relations cite a sentence of their own.

Usage: python tools/evidence_audit.py [--list]

Prints, from the YAML records of data/ (no build needed):

* relations, and those with sources written on the relation;
* relations with no sources of their own whose record has two or more
  different quotes (``kg validate`` rejects these; the target is 0);
* relations that inherit their record's single quote although it names
  neither label nor alias of the other end (candidates for a sentence of
  their own; ``--list`` prints them);
* record sources by evidence kind (where the quote sits in its document).

The reference-only facts are counted on the compiled graph by ``kg stats``.
"""

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.project import Project  # noqa: E402
from graph.source.documents import Catalogue, normalize_space  # noqa: E402
from graph.source.records import load_records  # noqa: E402


def _key(src):
    return src.get("doc") or src.get("url"), normalize_space(str(src.get("quote", "")))


def _names(rec):
    names = set((rec.get("label") or {}).values()) | {str(a) for a in rec.get("aliases") or []}
    return {normalize_space(str(n)).lower() for n in names if len(str(n)) >= 2}


def audit(project):
    records, _ = load_records(project.data_files())
    by_id = {r.id: r for r in records}
    catalogue = Catalogue.load(project.catalogue_file)
    total = own = several = 0
    unnamed, kinds = [], Counter()
    for rec in records:
        sources = [s for s in rec.get("sources") or [] if isinstance(s, dict)]
        for src in sources:
            if src.get("doc") in catalogue:
                kinds[catalogue[src["doc"]].kind_of(catalogue.seeds, str(src.get("quote", ""))) or "body"] += 1
        distinct = {_key(s) for s in sources}
        text = " ".join(normalize_space(str(s.get("quote", "")) + " " + str(s.get("note", ""))).lower() for s in sources)
        for rel in rec.get("relations") or []:
            if not isinstance(rel, dict):
                continue
            total += 1
            if rel.get("sources"):
                own += 1
                continue
            if len(distinct) > 1:
                several += 1
                continue
            other = by_id.get(str(rel.get("o", rel.get("s"))))
            if other is not None and not any(n in text for n in _names(other)):
                unnamed.append((rec.id, rel.get("p"), other.id))
    return {"relations": total, "own": own, "several": several, "unnamed": unnamed, "kinds": dict(kinds)}


def main(argv):
    figures = audit(Project.default())
    total = figures["relations"] or 1
    print(f"relations {figures['relations']}")
    print(f"  with sources of their own            {figures['own']:>5} ({100 * figures['own'] / total:.1f}%)")
    print(f"  inheriting several record quotes     {figures['several']:>5} ({100 * figures['several'] / total:.1f}%)")
    print(f"  inheriting a quote not naming the other end {len(figures['unnamed']):>5}")
    print("record sources by evidence kind: " + ", ".join(f"{k} {v}" for k, v in sorted(figures["kinds"].items())))
    if "--list" in argv:
        for rid, p, other in figures["unnamed"]:
            print(f"  {rid} {p} {other}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
