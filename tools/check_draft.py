"""Quick checker for data drafts while curating: quotes verbatim, ids, dates.

Usage: python tools/check_draft.py data/drafts/s000.yaml
(Superseded by `kg validate` on the real data.)
"""
import re, sys, pathlib, yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = {f"s{p.name[:3]}": p for p in (ROOT / "seeds").glob("0*.txt")}
def norm(s): return re.sub(r"\s+", " ", s).strip()
TEXT = {k: norm(p.read_text(encoding="utf-8")) for k, p in DOCS.items()}

class L(yaml.SafeLoader): pass
L.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                             for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
errs = 0
def err(rid, msg):
    global errs; errs += 1; print(f"{rid}: {msg}")
def srcs(rid, ss):
    for s in ss or []:
        if "url" in s: continue
        if s.get("doc") not in TEXT: err(rid, f"unknown doc {s.get('doc')}"); continue
        if norm(str(s.get("quote", ""))) not in TEXT[s["doc"]]:
            err(rid, f"quote not in {s['doc']}: {s.get('quote')!r}")
for f in sys.argv[1:]:
    recs = yaml.load(open(f, encoding="utf-8"), Loader=L) or []
    for r in recs:
        rid = r.get("id", "?")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(rid)): err(rid, "bad id")
        lab = r.get("label") or {}
        if not lab.get("en") or not lab.get("ko"): err(rid, "label needs en and ko")
        if r.get("type") != "Concept" and not r.get("sources") and not r.get("extend"):
            err(rid, "no sources")
        for k in ("date", "endDate"):
            if k in r and not DATE.match(str(r[k])): err(rid, f"bad {k} {r[k]}")
        srcs(rid, r.get("sources"))
        for rel in r.get("relations") or []:
            if "date" in rel and not DATE.match(str(rel["date"])): err(rid, f"bad date {rel}")
            srcs(rid, rel.get("sources"))
        for p in r.get("posts") or []:
            srcs(rid, p.get("sources"))
print(f"{errs} problem(s)")
sys.exit(1 if errs else 0)
