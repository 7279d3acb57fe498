"""Read a new document and draft what it adds to the graph, for a person to review.

:func:`ingest` finds the known entities a text mentions (by label and alias,
Korean names also when a particle is attached: ``아르곤국립연구소와``,
``과기정통부는``), lists candidate new actors (acronyms such as ``KFE`` and
Korean names ending in an organisation suffix such as ``연구원`` or
``위원회``) and pairs of known entities named in the same sentence, each with
that sentence as a proposed quote. :func:`render_review` turns the result
into a review file in the data format of ``docs/DATA.md``; nothing here ever
edits ``data/``.

The text analysis (sentences, particles, matching, candidates) is in
:mod:`graph.mentions`.
"""

import re
import unicodedata
from pathlib import Path

import yaml

from graph.render.atomic import write_text
from graph.errors import UserInputError
from graph.source.mentions import Matcher, is_acronym, read_sentence, script, split_sentences
from graph.store.resolve import normalize
from graph.vocab.labels import label_in

__all__ = ["check_output_path", "document_name", "format_report", "ingest", "read_document", "render_review",
           "write_review"]

# ------------------------------------------------------------------ the whole document


def ingest(ws, text, doc_name):
    """What ``text`` says about the graph: mentions, candidates and co-mentioned pairs.

    ``ws`` is a :class:`graph.workspace.Workspace` (its name index is used);
    the result is a plain dict, ready for JSON.
    """
    entries = ws.names.entries
    matcher = Matcher(entries)
    known = ws.names.keys
    sentences = split_sentences(text)
    mentions, ambiguous, candidates, pairs = {}, {}, {}, {}
    for sentence in sentences:
        matches, found = read_sentence(sentence, matcher, known)
        here = []
        for m in matches:
            surface = sentence[m.start:m.stop]
            if len(m.name.ids) > 1:
                _tally(ambiguous, "/".join(m.name.ids), surface, sentence, ids=list(m.name.ids))
                continue
            eid = m.name.ids[0]
            e = entries[eid]
            _tally(mentions, eid, surface, sentence, id=eid, type=e["type"], en=e["en"], ko=e["ko"])
            if eid not in here:
                here.append(eid)
        for i, a in enumerate(here):
            for b in here[i + 1:]:
                _tally(pairs, (a, b), None, sentence, a=a, b=b)
        for name, form, alias, _, _ in found:
            c = _tally(candidates, normalize(name), form, sentence, label=name, aliases=[])
            if alias and alias not in c["aliases"]:
                c["aliases"].append(alias)
    _merge_acronyms(candidates)
    return {
        "document": doc_name,
        "sentences": len(sentences),
        "characters": len(text),
        "mentions": _ranked(mentions),
        "ambiguous": _ranked(ambiguous),
        "candidates": _ranked(candidates),
        "pairs": [{"a": p["a"], "b": p["b"], "count": p["count"], "quote": p["sentence"]} for p in _ranked(pairs)],
    }


def _tally(table, key, surface, sentence, **fields):
    row = table.get(key)
    if row is None:
        row = table[key] = dict(fields, forms=[], count=0, sentence=sentence, order=len(table))
    row["count"] += 1
    if surface and surface not in row["forms"]:
        row["forms"].append(surface)
    return row


def _ranked(table):
    """Rows most frequent first, then in reading order."""
    rows = sorted(table.values(), key=lambda r: (-r["count"], r["order"]))
    return [{k: v for k, v in r.items() if k != "order"} for r in rows]


def _merge_acronyms(candidates):
    """Fold an acronym written in brackets after a Korean name into that name's candidate."""
    for c in list(candidates.values()):
        for alias in c["aliases"]:
            other = candidates.pop(normalize(alias), None)
            if other and other is not c:
                c["count"] += other["count"]
                c["forms"] += [f for f in other["forms"] if f not in c["forms"]]


# ------------------------------------------------------------------ reading and writing files


def read_document(path):
    """The text of ``path`` as UTF-8; anything else raises UserInputError with the reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserInputError(f"{path}: is a folder, not a text file") from None
    except OSError as exc:
        raise UserInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserInputError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f cp949 -t utf-8") from None
    if "\x00" in text:
        raise UserInputError(f"{path}: looks like a binary file (it contains NUL bytes), not text")
    return text


def document_name(project, path):
    """The catalogue id of ``path`` if it is a seed (``s000``), else its file name without suffix."""
    from graph.source.documents import Catalogue
    from graph.errors import KGError

    target = Path(path).resolve()
    try:
        for doc in Catalogue.load(project.catalogue_file):
            if (project.seeds / doc.file).resolve() == target:
                return doc.id
    except (KGError, OSError):
        pass  # no readable catalogue: the file name will do
    return Path(path).stem


def check_output_path(project, output, source=None):
    """Refuse a review file inside the data or seeds folder, or over the document itself."""
    out = Path(output).resolve()
    guarded = {project.root / "data": "data", project.seeds: "seeds"}
    if project.data.is_dir():
        guarded[project.data] = "data"
    for folder, what in guarded.items():
        folder = Path(folder).resolve()
        if out == folder or folder in out.parents:
            raise UserInputError(
                f"{output}: the review file may not go into the {what} folder ({folder}); "
                "write it elsewhere and copy the records you accept into data/ yourself")
    if Path(project.data).is_file() and out == Path(project.data).resolve():
        raise UserInputError(f"{output}: that is the data file; write the review file elsewhere")
    if source is not None and out == Path(source).resolve():
        raise UserInputError(f"{output}: that is the document being read; write the review file elsewhere")


def write_review(path, text):
    """Write the review file atomically (WriteError, exit 6, when it cannot be written)."""
    write_text(path, text)


# ------------------------------------------------------------------ the review file


def _q(value):
    """A YAML double-quoted scalar (Korean kept as text).

    >>> _q('과기정통부는 "K-문샷"을')
    '"과기정통부는 \\\\"K-문샷\\\\"을"'
    """
    return yaml.safe_dump(str(value), allow_unicode=True, default_style='"', width=float("inf")).strip()


def _label(row, lang):
    return label_in(row, lang, row.get("id"))


def render_review(result, lang="en", source=None):
    """The review file for ``result``: YAML in the data format, every record flagged for review."""
    doc = result["document"]
    lines = [
        f"# DRAFT FOR REVIEW, written by `kg ingest` from {source or doc}.",
        "# `kg validate` does not read this file. Nothing here is a fact yet: check each record",
        "# against the document, fill in every '?' and empty label, delete what is wrong, and",
        "# copy what you accept into the right file under data/ (without the `review:` keys).",
        f"# Quotes cite doc: {doc}; a document not in seeds/catalogue.yaml must be added there first.",
        "#",
        f"# {result['sentences']} sentences read.",
    ]
    lines += _mention_comments(result, lang)
    records = _candidate_records(result) + _relation_records(result, lang)
    if not records:
        lines += ["", "[]"]
    for block in records:
        lines += [""] + block
    return "\n".join(lines) + "\n"


def _mention_comments(result, lang):
    out = ["#", f"# Known entities mentioned ({len(result['mentions'])}): id, type, count, as written"]
    if not result["mentions"]:
        out.append("#   no known entities mentioned")
    for m in result["mentions"]:
        out.append(f"#   {m['id']}  {m['type']}  x{m['count']}  {_label(m, lang)}: {', '.join(m['forms'])}")
    for m in result["ambiguous"]:
        out.append(f"#   ambiguous: {', '.join(m['forms'])} could be {' or '.join(m['ids'])}")
    return out


def _candidate_records(result):
    doc = result["document"]
    blocks = []
    for i, c in enumerate(result["candidates"]):
        acronym = is_acronym(c["label"])
        cid = c["label"].lower() if acronym and re.fullmatch(r"[A-Z0-9\-]+", c["label"]) else "?"
        aliases = ([c["label"]] if acronym else []) + c["aliases"]
        note = (f"new actor candidate, seen {c['count']} time(s) as {', '.join(c['forms'])}; "
                "check it is not a known entity under another name")
        block = [f"# ---------------------------------------- new actor candidates ({len(result['candidates'])})"] if i == 0 else []
        korean = any(script(ch) == "wide" for ch in c["label"])
        en, ko = ("", c["label"]) if korean else ("" if acronym else c["label"], "")
        block += [
            f"- id: {_q(cid)}",
            f"  type: {_q('?')}   # Agency, Lab, Company, University, Organization, Person, …",
            f"  label: {{en: {_q(en)}, ko: {_q(ko)}}}",
        ]
        if aliases:
            block.append(f"  aliases: [{', '.join(_q(a) for a in aliases)}]")
        block += [
            f"  review: {_q(note)}",
            "  sources:",
            f"    - {{doc: {_q(doc)}, quote: {_q(c['sentence'])}}}",
        ]
        blocks.append(block)
    return blocks


def _relation_records(result, lang):
    doc = result["document"]
    labels = {m["id"]: _label(m, lang) for m in result["mentions"]}
    by_subject = {}
    for p in result["pairs"]:
        by_subject.setdefault(p["a"], []).append(p)
    blocks = []
    for i, (a, pairs) in enumerate(by_subject.items()):
        block = [f"# ---------------------------------------- proposed relations ({len(result['pairs'])})"] if i == 0 else []
        block += [
            f"- id: {a}   # {labels.get(a, a)}",
            f"  review: {_q('known entity: choose p for each relation (docs/DATA.md), or delete it; write {p: …, s: …} if the other entity is the subject; then add it to this record in data/')}",
            "  relations:",
        ]
        for p in pairs:
            block += [
                f"    - p: {_q('?')}",
                f"      o: {p['b']}   # {labels.get(p['b'], p['b'])}; named together in {p['count']} sentence(s)",
                "      sources:",
                f"        - {{doc: {_q(doc)}, quote: {_q(p['quote'])}}}",
            ]
        blocks.append(block)
    return blocks


# ------------------------------------------------------------------ the text report


def _short(text, width=90):
    """``text`` cut to ``width`` characters with an ellipsis.

    >>> _short("가나다라마바사", 5)
    '가나다라…'
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(result, lang="en", limit=20):
    """A short human-readable report of ``result``; long lists are cut to ``limit`` items."""
    lines = [f"{result['document']}: {result['sentences']} sentences, {result['characters']} characters"]
    mentions = result["mentions"]
    if not mentions:
        lines.append("no known entities mentioned")
    else:
        lines.append(f"\nknown entities mentioned: {len(mentions)}")
        width = min(max(_width(_label(m, lang)) for m in mentions), 40)
        idw = max(len(m["id"]) for m in mentions)
        tw = max(len(m["type"]) for m in mentions)
        for m in mentions:
            lines.append(f"  {_pad(_short(_label(m, lang), 40), width)}  {m['id']:<{idw}}  {m['type']:<{tw}}"
                         f"  x{m['count']:<3} as {', '.join(m['forms'][:3])}")
    for m in result["ambiguous"]:
        lines.append(f"  ambiguous: {', '.join(m['forms'])} could be {' or '.join(m['ids'])}  x{m['count']}")
    cands = result["candidates"]
    lines.append(f"\nnew actor candidates: {len(cands)}" if cands else "\nno new actor candidates")
    for c in cands[:limit]:
        aka = f" ({', '.join(c['aliases'])})" if c["aliases"] else ""
        lines.append(f"  {c['label']}{aka}  x{c['count']}  \"{_short(c['sentence'], 70)}\"")
    lines += _more(cands, limit)
    pairs = result["pairs"]
    lines.append(f"\nco-mentioned pairs: {len(pairs)}" if pairs else "\nno co-mentioned pairs")
    for p in pairs[:limit]:
        lines.append(f"  {p['a']} + {p['b']}  x{p['count']}")
        lines.append(f"      \"{_short(p['quote'])}\"")
    lines += _more(pairs, limit)
    return "\n".join(lines)


def _width(text):
    """Columns ``text`` takes in a terminal (Korean and CJK take two).

    >>> _width("RIKEN"), _width("이화학연구소")
    (5, 12)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text, width):
    return text + " " * max(0, width - _width(text))


def _more(rows, limit):
    return [f"  … and {len(rows) - limit} more (see --format json, or -o REVIEW.yaml)"] if len(rows) > limit else []
