"""Compare two versions of the graph the way a policy analyst reads them.

A side is named by a string:

* ``WORKTREE`` or ``.``: the project's working files (built as usual);
* a build: a folder holding ``dataset.nt`` (such as ``.kg-cache/<key>/``) or
  the path of such a file;
* otherwise a git revision of the project (``HEAD~3``, a tag, a hash). Its
  ``ontology/``, ``data/`` and ``seeds/`` are extracted into a temporary
  folder and compiled there by the current code with a temporary cache; when
  the project's cache already holds a build of the very same inputs (same
  content hash), that build is read instead.

The comparison is made on the compiled graphs: entities (records) added and
removed, labels and types changed, relations between two entities added and
removed, statuses, dates and other values (amount, number, withinDays)
changed, the qualifiers of a relation (date, status, role) changed, the
sources of a fact present on both sides added or removed, and documents of
the catalogue added or removed.

>>> old = Snapshot.parse('''
...     kgid:tpd kg:localId "tpd" ; a kg:Agreement ; rdfs:label "TPD"@en ;
...         kg:status kg:signed ; kg:date "2025-10"^^xsd:gYearMonth .
...     kgid:x kg:localId "x" ; a kg:Lab ; rdfs:label "X"@en .''')
>>> new = Snapshot.parse('''
...     kgid:tpd kg:localId "tpd" ; a kg:Agreement ; rdfs:label "TPD"@en ;
...         kg:status kg:in-force ; kg:date "2025-10-29"^^xsd:date ; kg:party kgid:korea .
...     kgid:korea kg:localId "korea" ; a kg:Country ; rdfs:label "Korea"@en .''')
>>> d = diff(old, new)
>>> [e["id"] for e in d["entities_added"]], [e["id"] for e in d["entities_removed"]]
(['korea'], ['x'])
>>> d["status_changed"][0]["old"], d["status_changed"][0]["new"]
('signed', 'in-force')
>>> print(format_diff(d))
old: <text>
new: <text>
1 entity added, 1 entity removed, 1 relation added, 1 status changed, 1 date changed
<BLANKLINE>
Entities added (1)
  + korea  Korea  [Country]
Entities removed (1)
  - x  X  [Lab]
Relations added (1)
  + TPD has party Korea  (tpd party korea)
Statuses changed (1)
  ~ TPD (tpd): signed → in-force
Dates changed (1)
  ~ TPD (tpd) date: 2025-10 → 2025-10-29
"""

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import KGError, UserInputError, ValidationFailed
from graph.vocab.namespaces import DOC, ID, KG, PREFIXES
from graph.vocab.labels import label_in

__all__ = ["Snapshot", "compare", "diff", "format_diff", "has_differences", "load_side", "resolve"]

WORKTREE = ("WORKTREE", ".")
PARTS = ("ontology", "data", "seeds")

_RDF = PREFIXES["rdf"]
_TYPE = _RDF + "type"
_LABEL = PREFIXES["rdfs"] + "label"
_SKOS_CONCEPT = PREFIXES["skos"] + "Concept"
_STATEMENT = KG + "Statement"
_DOCUMENT = KG + "Document"
_SOURCE = PREFIXES["prov"] + "wasDerivedFrom"
#: predicates under kg: that are bookkeeping, not facts
_NOT_FACTS = {"localId", "holds", "qualifiedParticipation", "title"}
_STATUS, _DATES, _VALUES = ("status",), ("date", "endDate"), ("amount", "number", "withinDays")
_QUALIFIERS = ("date", "endDate", "status", "role")
_PROBLEMS_SHOWN = 5


# --------------------------------------------------------------------------- snapshot

@dataclass
class Snapshot:
    """What one version of the graph says, as plain strings.

    ``facts`` are ``(subject, predicate, object)`` triples of local names: the
    subject a record id (or a post node such as ``lee/post/1``), the
    predicate a kg: local name (``type`` for rdf:type), the object a record
    id, a kg: local name (class, status) or a literal's text. ``links`` are
    the facts whose object is a node of ours (relations).
    """

    origin: dict = field(default_factory=dict)
    entities: dict = field(default_factory=dict)    # id -> {"type", "label"}
    labels: dict = field(default_factory=dict)      # id, post node or kg term -> {lang: text}
    facts: set = field(default_factory=set)
    links: set = field(default_factory=set)
    sources: dict = field(default_factory=dict)     # fact -> set of (origin, quote)
    qualifiers: dict = field(default_factory=dict)  # fact -> {qualifier: set of values}
    documents: dict = field(default_factory=dict)   # doc id -> {lang: title}
    by_field: dict = field(default_factory=dict)    # (subject, predicate) -> set of objects

    @classmethod
    def parse(cls, text, origin=None):
        """A snapshot of Turtle ``text``; the project's prefixes are bound (for examples and tests)."""
        import pyoxigraph as ox

        prologue = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
        return cls.from_triples(ox.parse(prologue + text, format=ox.RdfFormat.TURTLE),
                                origin or {"spec": "<text>"})

    @classmethod
    def load(cls, path, origin):
        """A snapshot of the N-Triples file ``path``; UserInputError when it cannot be read."""
        import pyoxigraph as ox

        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
        except (OSError, SyntaxError, ValueError) as exc:
            raise UserInputError(f"{path}: cannot read as N-Triples: {str(exc).splitlines()[0][:300]}") from None
        return cls.from_triples(triples, origin)

    @classmethod
    def from_triples(cls, triples, origin):
        snap = cls(origin=dict(origin))
        by_subject = {}
        for t in triples:
            by_subject.setdefault(t.subject.value, []).append((t.predicate.value, t.object))
        for subject, pairs in by_subject.items():
            snap._add_subject(subject, pairs)
        snap._add_types()
        for s, p, o in snap.facts:
            snap.by_field.setdefault((s, p), set()).add(o)
        return snap

    def _add_subject(self, subject, pairs):
        types = {o.value for p, o in pairs if p == _TYPE}
        if _STATEMENT in types:
            self._add_statement(pairs)
        elif _DOCUMENT in types:
            self.documents[_local(subject)] = _texts(pairs, _LABEL)
        elif subject.startswith(ID) and "/participation/" not in subject:
            self._add_node(_local(subject), pairs)
        elif subject.startswith(KG):
            self.labels[_local(subject)] = _texts(pairs, _LABEL)

    def _add_node(self, node, pairs):
        self.labels[node] = _texts(pairs, _LABEL)
        if any(p == KG + "localId" for p, _ in pairs):
            self.entities[node] = {"type": None, "label": self.labels[node]}
        for p, o in pairs:
            fact = _fact(node, p, o)
            if fact:
                self.facts.add(fact)
                if o.value.startswith(ID) and not _is_literal(o):
                    self.links.add(fact)

    def _add_statement(self, pairs):
        one = {p: o for p, o in pairs}
        s, p, o = (one.get(_RDF + name) for name in ("subject", "predicate", "object"))
        fact = _fact(_local(s.value), p.value, o) if s and p and o else None
        if not fact or "/participation/" in fact[0]:
            return
        quote = one.get(KG + "quote")
        origin = one.get(_SOURCE)
        self.sources.setdefault(fact, set()).add((_local(origin.value) if origin else "?",
                                                  quote.value if quote else ""))
        quals = self.qualifiers.setdefault(fact, {})
        for predicate, value in pairs:
            if predicate.startswith(KG) and _local(predicate) in _QUALIFIERS:
                quals.setdefault(_local(predicate), set()).add(_value(value))

    def _add_types(self):
        found = {}
        for s, p, o in self.facts:
            if p == "type" and s in self.entities:
                found.setdefault(s, set()).add(o)
        for s, types in found.items():
            self.entities[s]["type"] = " ".join(sorted(types))

    def label(self, node):
        """``{lang: text}`` of a node; a post node reads "holder — title"."""
        holder = self.holder(node)
        if "/" not in node:
            return holder
        title = self.labels.get(node, {})
        return {lang: " — ".join(filter(None, (label_in(holder, lang, ""), title.get(lang))))
                for lang in ("en", "ko")}

    def holder(self, node):
        """``{lang: text}`` of a record, or of the record a post node belongs to."""
        return self.labels.get(node.split("/")[0]) or {}

    def values(self, subject, predicate):
        return self.by_field.get((subject, predicate), set())


def _local(iri):
    for base in (ID, DOC, KG):
        if iri.startswith(base):
            return iri[len(base):]
    return "Concept" if iri == _SKOS_CONCEPT else iri


def _is_literal(term):
    return hasattr(term, "datatype")


def _value(term):
    return term.value if _is_literal(term) else _local(term.value)


def _fact(subject, predicate, obj):
    if predicate == _TYPE:
        return (subject, "type", _value(obj))
    if predicate.startswith(KG) and _local(predicate) not in _NOT_FACTS:
        return (subject, _local(predicate), _value(obj))
    return None


def _texts(pairs, predicate):
    return {o.language: o.value for p, o in pairs if p == predicate and getattr(o, "language", None)}


# --------------------------------------------------------------------------- comparison

def diff(old, new):
    """A JSON-ready dict of what changed from snapshot ``old`` to ``new``."""
    sections = {
        "entities_added": _entities(new, new.entities.keys() - old.entities.keys()),
        "entities_removed": _entities(old, old.entities.keys() - new.entities.keys()),
        "labels_changed": _changed_entities(old, new, "label"),
        "types_changed": _changed_entities(old, new, "type"),
        "relations_added": _relations(new, new.links - old.links),
        "relations_removed": _relations(old, old.links - new.links),
        "status_changed": _values_changed(old, new, _STATUS),
        "date_changed": _values_changed(old, new, _DATES),
        "values_changed": _values_changed(old, new, _VALUES),
        "qualifiers_changed": _qualifiers_changed(old, new),
        "sources_changed": _sources_changed(old, new),
        "documents_added": _documents(new, new.documents.keys() - old.documents.keys()),
        "documents_removed": _documents(old, old.documents.keys() - new.documents.keys()),
    }
    return {"old": old.origin, "new": new.origin, "summary": {k: len(v) for k, v in sections.items()},
            **sections}


def has_differences(d):
    """True when the diff ``d`` reports any change."""
    return any(d["summary"].values())


def _entities(snap, ids):
    return [{"id": i, "type": snap.entities[i]["type"], "label": snap.entities[i]["label"]} for i in sorted(ids)]


def _changed_entities(old, new, key):
    both = sorted(old.entities.keys() & new.entities.keys())
    return [{"id": i, "label": new.entities[i]["label"], "old": old.entities[i][key], "new": new.entities[i][key]}
            for i in both if old.entities[i][key] != new.entities[i][key]]


def _relations(snap, facts):
    return [_relation(snap, fact) for fact in sorted(facts)]


def _relation(snap, fact):
    s, p, o = fact
    entry = {"subject": s, "predicate": p, "object": o,
             "subject_label": snap.holder(s), "object_label": snap.label(o)}
    if "/post/" in s:
        entry["title"] = snap.labels.get(s, {})
    entry["text"] = {lang: _sentence(snap, entry, lang) for lang in ("en", "ko")}
    return entry


def _sentence(snap, rel, lang):
    from graph.vocab.readings import READINGS, say

    a, b = label_in(rel["subject_label"], lang, rel["subject"]), label_in(rel["object_label"], lang, rel["object"])
    if rel["predicate"] in READINGS:
        return say(rel["predicate"], a, b, lang=lang, title=label_in(rel.get("title", {}), lang, ""))
    reading = label_in(snap.labels.get(rel["predicate"], {}), lang, rel["predicate"])
    return f"{a} {reading} {b}" if lang == "en" else f"{a} —{reading}→ {b}"


def _subjects(snap):
    return {s for s, _, _ in snap.facts} | snap.entities.keys()


def _values_changed(old, new, predicates):
    out = []
    for s in sorted(_subjects(old) & _subjects(new)):
        for p in predicates:
            before, after = old.values(s, p), new.values(s, p)
            if before != after:
                out.append({"id": s, "field": p, "label": new.label(s),
                            "old": _joined(before), "new": _joined(after)})
    return out


def _qualifiers_changed(old, new):
    out = []
    for fact in sorted(old.links & new.links):
        before, after = _quals(old, fact), _quals(new, fact)
        if before != after:
            out.append({**_relation(new, fact), "old": before, "new": after})
    return out


def _quals(snap, fact):
    return {k: _joined(v) for k, v in sorted(snap.qualifiers.get(fact, {}).items())}


def _sources_changed(old, new):
    out = []
    for fact in sorted(old.facts & new.facts):
        before, after = old.sources.get(fact, set()), new.sources.get(fact, set())
        if before != after:
            s, p, o = fact
            out.append({"subject": s, "predicate": p, "object": o, "text": _fact_text(new, fact),
                        "added": _cites(after - before), "removed": _cites(before - after)})
    return out


def _fact_text(snap, fact):
    """``{lang: text}`` of any fact: a sentence for a relation, else "subject field: value"."""
    if fact in snap.links:
        return _relation(snap, fact)["text"]
    s, p, o = fact
    return {lang: f"{label_in(snap.label(s), lang, s)} {p}: {o}" for lang in ("en", "ko")}


def _cites(pairs):
    return [{"source": src, "quote": quote} for src, quote in sorted(pairs)]


def _documents(snap, ids):
    return [{"id": i, "title": snap.documents[i]} for i in sorted(ids)]


def _joined(values):
    return " | ".join(sorted(values)) if values else None


# --------------------------------------------------------------------------- sides

def resolve(project, spec):
    """Say what ``spec`` names: ``{"spec", "kind": worktree|build|git, ...}``; UserInputError if nothing."""
    if spec in WORKTREE:
        return {"spec": spec, "kind": "worktree"}
    path = Path(spec)
    if path.exists():
        return {"spec": spec, "kind": "build", "dataset": str(_dataset_file(path).resolve())}
    return {"spec": spec, "kind": "git", "commit": _commit(project, spec)}


def _dataset_file(path):
    if path.is_file():
        return path
    if (path / "dataset.nt").is_file():
        return path / "dataset.nt"
    raise UserInputError(f"{path}: this folder holds no dataset.nt; give a build folder "
                         "(such as .kg-cache/<key>/), a dataset.nt file, a git revision or WORKTREE")


def load_side(project, spec):
    """The :class:`Snapshot` of one side, building it first when needed."""
    side = resolve(project, spec) if isinstance(spec, str) else dict(spec)
    if side["kind"] == "worktree":
        from graph.dataset.build import ensure_built

        side["dataset"] = str(ensure_built(project).dataset)
    elif side["kind"] == "git":
        return _load_revision(project, side)
    return Snapshot.load(side["dataset"], side)


def compare(project, old_spec, new_spec):
    """The diff between two sides; a side named twice is loaded once."""
    old, new = resolve(project, old_spec), resolve(project, new_spec)
    before = load_side(project, old)
    same = {k: v for k, v in old.items() if k != "spec"} == {k: v for k, v in new.items() if k != "spec"}
    after = Snapshot(**{**before.__dict__, "origin": {**before.origin, "spec": new_spec}}) if same \
        else load_side(project, new)
    return diff(before, after)


# --------------------------------------------------------------------------- git revisions

def _git(project, *args):
    """Run git in the project; return the completed process (never raises on a git failure)."""
    try:
        return subprocess.run(["git", "-C", str(project.root), *args], capture_output=True, check=False)
    except OSError as exc:
        raise UserInputError(f"cannot run git: {exc.strerror or exc}") from None


def _commit(project, spec):
    if spec.startswith("-"):
        raise UserInputError(f"{spec!r} is not a git revision, a build folder or a dataset.nt file")
    done = _git(project, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}")
    if done.returncode == 0:
        return done.stdout.decode().strip()
    if _git(project, "rev-parse", "--is-inside-work-tree").returncode == 0:
        where = f"a git revision of {project.root}"
    else:
        where = f"a git revision ({project.root} is not in a git repository)"
    raise UserInputError(f"{spec!r} is neither {where} nor an existing build folder or dataset.nt file")


def _load_revision(project, side):
    from graph.dataset.build import REQUIRED, Build, build, content_hash
    from graph.dataset.seal import CacheDamaged, verify
    from graph.project import Project

    with tempfile.TemporaryDirectory(prefix="kg-diff-") as tmp:
        root = Path(tmp)
        _extract(project, side, root)
        copy = Project(root=root, data=root / "data", cache=root / ".kg-cache")
        try:
            cached = project.cache / content_hash(copy)
            try:
                # an intact build of the same inputs: read it instead of building
                dataset = Build(cached.name, cached, False, sealed=verify(cached, REQUIRED)).dataset
            except CacheDamaged:
                dataset = build(copy).dataset
        except ValidationFailed as exc:
            raise UserInputError(_problems_message(side, exc.problems, root)) from None
        except KGError as exc:
            raise UserInputError(f"revision {side['spec']} does not build: "
                                 f"{_relative(str(exc), root, side['spec'])}") from None
        return Snapshot.load(dataset, side)


def _extract(project, side, dest):
    prefix = _git(project, "rev-parse", "--show-prefix").stdout.decode().strip()
    tree = f"{side['commit']}:{prefix}"
    listing = _git(project, "ls-tree", "--name-only", tree).stdout.decode().split("\n")
    missing = [f"{p}/" for p in PARTS if p not in listing]
    if missing:
        raise UserInputError(f"revision {side['spec']} ({side['commit'][:10]}) has no "
                             f"{', '.join(missing)}: nothing to build")
    done = _git(project, "archive", "--format=tar", tree, *PARTS)
    if done.returncode != 0:
        raise UserInputError(f"cannot extract revision {side['spec']}: {done.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(dest, filter="data")


def _problems_message(side, problems, root):
    shown = [f"  {_relative(str(p), root, side['spec'])}" for p in problems[:_PROBLEMS_SHOWN]]
    more = len(problems) - len(shown)
    return "\n".join([f"revision {side['spec']} does not build: {len(problems)} problem(s) in its data "
                      "under the current checks", *shown] + ([f"  … and {more} more"] if more else []))


def _relative(text, root, spec):
    """Name files of the extracted revision as ``REV:data/x.yaml`` instead of a temporary path."""
    return text.replace(f"{root}/", f"{spec}:").replace(str(root), spec)


# --------------------------------------------------------------------------- text

_TITLES = [
    ("entities_added", "Entities added", "entity added", "entities added"),
    ("entities_removed", "Entities removed", "entity removed", "entities removed"),
    ("labels_changed", "Labels changed", "label changed", "labels changed"),
    ("types_changed", "Types changed", "type changed", "types changed"),
    ("relations_added", "Relations added", "relation added", "relations added"),
    ("relations_removed", "Relations removed", "relation removed", "relations removed"),
    ("status_changed", "Statuses changed", "status changed", "statuses changed"),
    ("date_changed", "Dates changed", "date changed", "dates changed"),
    ("values_changed", "Other values changed", "value changed", "values changed"),
    ("qualifiers_changed", "Relation qualifiers changed", "relation qualifier changed",
     "relation qualifiers changed"),
    ("sources_changed", "Sources changed", "fact with changed sources", "facts with changed sources"),
    ("documents_added", "Documents added", "document added", "documents added"),
    ("documents_removed", "Documents removed", "document removed", "documents removed"),
]


def format_diff(d, lang="en"):
    """The diff ``d`` as text: both sides, a summary line, then one section per kind of change."""
    lines = [f"old: {_side_text(d['old'])}", f"new: {_side_text(d['new'])}", _summary_text(d["summary"])]
    if has_differences(d):
        lines.append("")
    for key, title, _, _ in _TITLES:
        if d[key]:
            lines.append(f"{title} ({len(d[key])})")
            lines += [f"  {_LINES[key](e, lang)}" for e in d[key]]
    return "\n".join(lines)


def _summary_text(summary):
    parts = [f"{n} {one if n == 1 else many}" for key, _, one, many in _TITLES if (n := summary[key])]
    return ", ".join(parts) if parts else "no differences"


def _side_text(side):
    kind = side.get("kind")
    if kind == "git":
        return f"{side['spec']} (git {side['commit'][:10]})"
    if kind == "worktree":
        return f"{side['spec']} (working files, {side.get('dataset', 'not built')})"
    if kind == "build":
        return f"{side['spec']} (build {side['dataset']})"
    return side.get("spec", "?")


def _named(e, lang):
    return f"{label_in(e['label'], lang, e['id'])} ({e['id']})"


def _entity_line(sign):
    return lambda e, lang: f"{sign} {e['id']}  {label_in(e['label'], lang, e['id'])}  [{e['type']}]"


def _relation_line(sign):
    return lambda e, lang: f"{sign} {e['text'][lang]}  ({e['subject']} {e['predicate']} {e['object']})"


def _document_line(sign):
    return lambda e, lang: f"{sign} {e['id']}  {label_in(e['title'], lang, e['id'])}"


def _value_line(e, lang):
    field_name = f" {e['field']}" if e["field"] != "status" else ""
    return f"~ {_named(e, lang)}{field_name}: {e['old'] or '(none)'} → {e['new'] or '(none)'}"


def _labels_line(e, lang):
    changes = [f"{k}: {e['old'].get(k)!r} → {e['new'].get(k)!r}" for k in ("en", "ko")
               if e["old"].get(k) != e["new"].get(k)]
    return f"~ {e['id']}  " + ", ".join(changes)


def _cites_text(e):
    """``+2 (s000, s004) -1 (s001)``: how many citations came and went, from which sources."""
    parts = []
    for sign, key in (("+", "added"), ("-", "removed")):
        if e[key]:
            names = ", ".join(sorted({c["source"] for c in e[key]}))
            parts.append(f"{sign}{len(e[key])} ({names})")
    return " ".join(parts)


_LINES = {
    "entities_added": _entity_line("+"),
    "entities_removed": _entity_line("-"),
    "labels_changed": _labels_line,
    "types_changed": lambda e, lang: f"~ {_named(e, lang)}: {e['old']} → {e['new']}",
    "relations_added": _relation_line("+"),
    "relations_removed": _relation_line("-"),
    "status_changed": _value_line,
    "date_changed": _value_line,
    "values_changed": _value_line,
    "qualifiers_changed": lambda e, lang: f"~ {e['text'][lang]}: {e['old'] or '{}'} → {e['new'] or '{}'}",
    "sources_changed": lambda e, lang: f"~ {e['text'][lang]}  {_cites_text(e)}",
    "documents_added": _document_line("+"),
    "documents_removed": _document_line("-"),
}
