"""Record-level checks: structure, ids, references, dates, labels and quotes.

These run before the data is compiled (SHACL runs after, see ``shacl.py``).
Every check adds :class:`Problem` objects; nothing stops at the first fault.

Two checks are about the quality of the evidence rather than whether the data
compiles, and run only when asked (``evidence=True``, as ``kg validate``
does; ``kg build`` and ``kg diff`` of an older revision do not need them): a
relation that would inherit several different record quotes, and a quote's
``kind`` against where it sits in its document (:mod:`graph.source.evidence`).
"""

import calendar
import re
from dataclasses import dataclass

from graph.vocab.schema import DATE_FIELDS, EVIDENCE_KINDS, FIELDS, RELATION_FIELDS, RELATIONS, SCHEMES, STATUSES, TYPES

__all__ = ["Problem", "check_records", "field_sources", "field_value", "parse_date"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")  # no character an IRI may not hold
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Problem:
    """One fault, located by file, line, record id and field."""

    file: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        rec = self.record or "<no id>"
        return f"{where}: {rec}{'.' + self.field if self.field else ''}: {self.message}"


def parse_date(value):
    """Return (text, precision) for a year, year-month or date; None if malformed.

    >>> parse_date("2025-11-24")
    ('2025-11-24', 'day')
    >>> parse_date(1988)
    ('1988', 'year')
    >>> parse_date("2024-13-45") is None
    True
    """
    text = str(value).strip()
    m = _DATE.match(text)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return text, "year"
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return text, "month"
    if not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
        return None
    return text, "day"


def ends_before(end, start):
    """Whether the date ``end`` is wholly before ``start``, compared at the coarser of their precisions.

    >>> ends_before("2025-01", "2026"), ends_before(2026, "2026-05"), ends_before("2026-04-30", "2026-05")
    (True, False, True)
    """
    a, b = str(end), str(start)
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def field_value(fields, key):
    """The value of a field written plainly or as ``{value: …, sources: […]}``.

    >>> field_value({"date": {"value": "1997", "sources": []}}, "date")
    '1997'
    """
    value = fields.get(key)
    return value.get("value") if isinstance(value, dict) and "value" in value else value


def field_sources(fields, key):
    """The field's own sources when written as ``{value, sources}``, else None."""
    value = fields.get(key)
    return value.get("sources") if isinstance(value, dict) and "value" in value else None


def _keys(mapping):
    return {k for k in mapping if k != "__line__"}


class _Checker:
    def __init__(self, records, catalogue, evidence=False):
        self.evidence = evidence
        self.records = records
        self.catalogue = catalogue
        self.problems = []
        self.ids = {}
        self.rels = {}  # id(record) -> its relations, asked for by several checks
        self.found = {}  # (doc, quote) -> found in the document: sources repeat the same sentences

    def add(self, rec, field, message, line=None):
        self.problems.append(Problem(rec.file, line or rec.line, rec.id, field, message))

    # -- the passes --------------------------------------------------------

    def run(self):
        for rec in self.records:
            self.structure(rec)
        self.duplicates()
        for rec in self.records:
            self.references(rec)
            self.citations(rec)
        return self.problems

    def structure(self, rec):
        f = rec.fields
        if not f.get("id"):
            self.add(rec, "id", "missing id")
        elif not _ID.match(str(f["id"])):
            self.add(rec, "id", f"id {f['id']!r} must be lowercase letters, digits and hyphens")
        if f.get("type") not in TYPES:
            known = ", ".join(TYPES)
            self.add(rec, "type", f"unknown type {f.get('type')!r} (known: {known})")
        for key in sorted(_keys(f) - FIELDS):
            self.add(rec, key, f"unknown field {key!r}")
        self.labels(rec, "label", f.get("label"), required=True)
        aliases = f.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
            self.add(rec, "aliases", "aliases must be a list of strings")
        for key in DATE_FIELDS:
            if key in f and parse_date(field_value(f, key)) is None:
                self.add(rec, key, f"malformed date {field_value(f, key)!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
        start, end = (field_value(f, k) for k in ("date", "endDate"))
        if parse_date(start) and parse_date(end) and ends_before(end, start):
            self.add(rec, "endDate", f"endDate {end!r} is before date {start!r}")
        if "status" in f and field_value(f, "status") not in STATUSES:
            self.add(rec, "status", f"unknown status {field_value(f, 'status')!r} (known: {', '.join(STATUSES)})")
        for key in ("number", "withinDays"):
            if key in f and not isinstance(f[key], int):
                self.add(rec, key, f"{key} must be an integer, found {f[key]!r}")
        if "amount" in f:
            self.labels(rec, "amount", field_value(f, "amount"), required=True)
        if "seedClaim" in f:
            self.seed_claim(rec, f["seedClaim"])
        if "description" in f:
            self.labels(rec, "description", f["description"], required=True)
        if f.get("type") == "Concept":
            if f.get("scheme") not in SCHEMES:
                self.add(rec, "scheme", f"unknown concept scheme {f.get('scheme')!r} (known: {', '.join(SCHEMES)})")
        elif not f.get("sources"):
            self.add(rec, "sources", "no sources: every record cites the document and sentence that state it")
        if f.get("type") == "Mission":
            if not any(r.get("p") == "partOf" and "o" in r for r in self._relations(rec)):
                self.add(rec, "relations", "a mission needs a partOf relation to its program")
        if f.get("type") == "Agreement" and not any(r.get("p") == "party" for r in self._relations(rec)):
            self.add(rec, "relations", "an agreement needs at least one party (relation p: party)")
        if f.get("type") == "Collaboration" and sum(r.get("p") == "participant" for r in self._relations(rec)) < 2:
            self.add(rec, "relations", "a collaboration needs at least two participants (relation p: participant)")
        for i, rel in enumerate(self._relations(rec)):
            self.relation(rec, i, rel)
        if self.evidence:
            self.inherited(rec)
        posts = f.get("posts", [])
        if not isinstance(posts, list):
            self.add(rec, "posts", "posts must be a list")
            posts = []
        if posts and f.get("type") != "Person":
            self.add(rec, "posts", "only a Person holds posts")
        for i, post in enumerate(posts):
            where = f"posts[{i}]"
            if not isinstance(post, dict):
                self.add(rec, where, "a post must be a mapping")
                continue
            self.labels(rec, where + ".title", post.get("title"), required=True)
            if not post.get("org"):
                self.add(rec, where + ".org", "a post needs the organization it belongs to")
            if "date" in post and parse_date(post["date"]) is None:
                self.add(rec, where + ".date", f"malformed date {post['date']!r}")
            for key in sorted(_keys(post) - {"title", "org", "date", "sources"}):
                self.add(rec, f"{where}.{key}", f"unknown field {key!r}")

    def seed_claim(self, rec, claim):
        """``seedClaim: {value: {en, ko}, sources: [seed quotes]}``: what the seed says instead."""
        if not isinstance(claim, dict) or "value" not in claim or not claim.get("sources"):
            self.add(rec, "seedClaim", "a seed's claim is {value: {en: …, ko: …}, sources: [{doc: …, quote: …}]}")
            return
        self.labels(rec, "seedClaim.value", claim["value"], required=True)
        if not all(isinstance(src, dict) and src.get("doc") for src in claim["sources"]):
            self.add(rec, "seedClaim.sources", "a seed's claim cites the seed sentence (doc and quote), not a URL")

    def inherited(self, rec):
        """A relation without sources of its own may inherit the record's only if they are one quote.

        Several different record quotes would show evidence about something
        else first; the relation must cite the sentence that states it.
        """
        sources = rec.get("sources")
        if not isinstance(sources, list):
            return
        quotes = {(s.get("doc") or s.get("url"), " ".join(str(s.get("quote", "")).split()))
                  for s in sources if isinstance(s, dict)}
        if len(quotes) < 2:
            return
        for i, rel in enumerate(self._relations(rec)):
            if "sources" not in rel:
                target = rel.get("o", rel.get("s"))
                self.add(rec, f"relations[{i}]", f"relation {rel.get('p')} {target} has no sources of its own and "
                         f"the record has {len(quotes)} different ones: cite the sentence that states it",
                         rel.get("__line__"))

    def _relations(self, rec):
        """The record's relations that are mappings (worked out once per record)."""
        rels = self.rels.get(id(rec))
        if rels is None:
            rels = rec.fields.get("relations") or []
            rels = self.rels[id(rec)] = [r for r in rels if isinstance(r, dict)] if isinstance(rels, list) else []
        return rels

    def relation(self, rec, i, rel):
        where = f"relations[{i}]"
        line = rel.get("__line__")
        p = rel.get("p")
        if p not in RELATIONS:
            self.add(rec, where + ".p", f"unknown relation {p!r}", line)
        if ("o" in rel) == ("s" in rel):
            self.add(rec, where, "a relation names exactly one of o (object) or s (subject)", line)
        for key in sorted(_keys(rel) - RELATION_FIELDS):
            self.add(rec, f"{where}.{key}", f"unknown field {key!r}", line)
        for key in DATE_FIELDS:
            if key in rel and parse_date(rel[key]) is None:
                self.add(rec, f"{where}.{key}", f"malformed date {rel[key]!r} (use YYYY, YYYY-MM or YYYY-MM-DD)", line)
        if "status" in rel and rel["status"] not in STATUSES:
            self.add(rec, f"{where}.status", f"unknown status {rel['status']!r}", line)

    def labels(self, rec, field, value, required):
        if not isinstance(value, dict):
            if required:
                self.add(rec, field, "needs an English and a Korean text: {en: …, ko: …}")
            return
        for lang in ("en", "ko"):
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.add(rec, f"{field}.{lang}", f"missing {'English' if lang == 'en' else 'Korean'} text")
        ko = value.get("ko")
        if isinstance(ko, str) and field == "label" and not _HANGUL.search(ko) and not ko.isascii():
            pass  # Korean labels may legitimately hold Latin acronyms or Hanja
        for key in sorted(_keys(value) - {"en", "ko"}):
            self.add(rec, f"{field}.{key}", f"unknown language {key!r} (use en and ko)")

    def duplicates(self):
        for rec in self.records:
            if not rec.id:
                continue
            first = self.ids.get(rec.id)
            if first is None:
                self.ids[rec.id] = rec
            else:
                self.add(rec, "id", f"duplicate id {rec.id!r}, first defined at {first.file}:{first.line}")

    def references(self, rec):
        def ref(field, target, line=None, scheme=None):
            if target is None:
                return
            other = self.ids.get(str(target))
            if other is None:
                self.add(rec, field, f"refers to unknown id {target!r}", line)
            elif scheme and (other.type != "Concept" or other.get("scheme") != scheme):
                self.add(rec, field, f"{target!r} is not a concept of scheme {scheme!r}", line)

        concept_scheme = {"priorityArea": "priority-area", "category": "strategic-category",
                          "technology": "key-technology", "field": "field", "topic": "topic"}
        for i, rel in enumerate(self._relations(rec)):
            scheme = concept_scheme.get(rel.get("p"))
            if "o" in rel:
                ref(f"relations[{i}].o", rel["o"], rel.get("__line__"), scheme)
            if "s" in rel:
                ref(f"relations[{i}].s", rel["s"], rel.get("__line__"))
        for i, post in enumerate(rec.get("posts") or []):
            if isinstance(post, dict):
                ref(f"posts[{i}].org", post.get("org"))

    def citations(self, rec):
        groups = [("sources", rec.get("sources"), rec.line)]
        for key in (*DATE_FIELDS, "status", "amount", "seedClaim"):
            if field_sources(rec.fields, key) is not None:
                groups.append((f"{key}.sources", field_sources(rec.fields, key), rec.line))
        for i, rel in enumerate(self._relations(rec)):
            if "sources" in rel:
                groups.append((f"relations[{i}].sources", rel["sources"], rel.get("__line__")))
        for i, post in enumerate(rec.get("posts") or []):
            if isinstance(post, dict) and "sources" in post:
                groups.append((f"posts[{i}].sources", post["sources"], post.get("__line__")))
        for field, sources, line in groups:
            if sources is None:
                continue
            if not isinstance(sources, list):
                self.add(rec, field, "sources must be a list", line)
                continue
            for j, src in enumerate(sources):
                self.source(rec, f"{field}[{j}]", src, src.get("__line__", line) if isinstance(src, dict) else line)

    def _found(self, doc, quote):
        """Whether ``quote`` is in document ``doc``, looked up once per pair."""
        found = self.found.get((doc, quote))
        if found is None:
            found = self.found[doc, quote] = self.catalogue[doc].contains(self.catalogue.seeds, quote)
        return found

    def source(self, rec, field, src, line):
        if not isinstance(src, dict):
            self.add(rec, field, "a source is a mapping with doc and quote, or url and note", line)
            return
        for key in sorted(_keys(src) - {"doc", "quote", "url", "note", "kind"}):
            self.add(rec, f"{field}.{key}", f"unknown field {key!r}", line)
        kind = src.get("kind")
        if kind is not None and kind not in EVIDENCE_KINDS:
            self.add(rec, f"{field}.kind", f"unknown evidence kind {kind!r} (known: {', '.join(EVIDENCE_KINDS)})", line)
            return
        if "url" in src:
            if "doc" in src:
                self.add(rec, field, "a source names a doc or a url, not both", line)
            if not _URL.match(str(src["url"])):
                self.add(rec, f"{field}.url", f"not an http(s) URL: {src['url']!r}", line)
            if not src.get("note"):
                self.add(rec, f"{field}.note", "a source outside the seeds needs a note saying what it is", line)
            return
        doc = src.get("doc")
        if doc not in self.catalogue:
            self.add(rec, f"{field}.doc", f"unknown document {doc!r} (see seeds/catalogue.yaml)", line)
            return
        quote = src.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            self.add(rec, f"{field}.quote", "missing quote", line)
        elif not self._found(doc, quote):
            short = quote if len(quote) <= 60 else quote[:57] + "..."
            self.add(rec, f"{field}.quote", f"quote not found in document {doc}: {short!r}", line)
        elif self.evidence:
            self.placed(rec, field, doc, quote, src.get("kind"), line)

    def placed(self, rec, field, doc, quote, declared, line):
        """The source's ``kind`` matches where its quote sits in the document."""
        actual = self.catalogue[doc].kind_of(self.catalogue.seeds, quote)
        if actual == declared:
            return
        if declared is None:
            self.add(rec, f"{field}.kind", f"the quote sits in a {actual} line of document {doc}: "
                     f"mark it kind: {actual} (and cite a body sentence first where one states the fact)", line)
        else:
            where = f"a {actual} line" if actual else "the body text"
            self.add(rec, f"{field}.kind", f"marked kind: {declared} but the quote sits in {where} of document {doc}", line)


def check_records(records, catalogue, evidence=False):
    """Every problem of the records, in file order; with ``evidence``, the evidence-quality checks too."""
    return _Checker(records, catalogue, evidence).run()
