"""Where a quote sits in its document: a body sentence, or a reference line.

A quote from a reference list, a table of contents, a caption or a
``출처``/``자료`` line only names or labels something; it is weaker evidence than
a sentence of the body. :func:`line_kinds` gives every line of a document its
kind, :func:`quote_kind` the kind of the line a quote starts on (whitespace
runs count as one space, as :meth:`graph.source.documents.Document.contains`
compares them). ``None`` is the body.

The rules, by the document's own markup:

* ``reference``: the lines under a heading named 참고문헌, 참고자료 or
  References, up to the next heading;
* ``contents``: the lines under a ``CONTENTS`` or ``목차`` line, up to the
  first line that is not a contents entry (an entry ends in a page number);
* ``source-line``: a line that opens with ``출처`` or ``자료`` and a colon;
* ``caption``: a table or figure title (``〈표 1〉``, ``<그림 2>``) or a press
  photo's caption ("… 인사말을 하고 있다.").

>>> kinds = line_kinds("## 1 배경\\n본문 문장.\\n출처 : 백악관 (2025.11.24.)\\n## 참고문헌\\n- [행정명령] Launching")
>>> kinds
[None, None, 'source-line', None, 'reference']
>>> quote_kind("## 참고문헌\\n- [행정명령] Launching the Genesis Mission", "Launching the Genesis Mission")
'reference'
>>> quote_kind("〈표 1〉 실행 타임라인\\n60일 이내\\t과제", "60일 이내 과제") is None
True
"""

import re

_SPACE = re.compile(r"\s+")


def normalize_space(text):
    """Whitespace runs as one space, ends stripped (as :mod:`graph.source.documents` compares quotes)."""
    return _SPACE.sub(" ", text).strip()

__all__ = ["line_kinds", "quote_kind", "sort_key"]

_HEADING = re.compile(r"^#{1,6}\s")
_REFERENCES = re.compile(r"^#{1,6}\s*(참고\s*문헌|참고\s*자료|references)\s*$", re.I)
_CONTENTS = re.compile(r"^\s*(contents|목\s*차)\s*$", re.I)
_CONTENTS_ENTRY = re.compile(r"\t\s*\d+\s*$")
_SOURCE_LINE = re.compile(r"^[\s\-*·※]*(출처|자료)\s*:")
_CAPTION = re.compile(r"^[\s\-*]*([〈<\[]\s*(표|그림)\s*\d|.*(인사말|기념촬영|발언)을 하고 있다\.\s*$)")


def line_kinds(text):
    """The kind of every line of ``text`` (``None`` for the body), in order."""
    kinds, section, contents = [], None, False
    for line in text.split("\n"):
        if _HEADING.match(line):
            section = "reference" if _REFERENCES.match(line.strip()) else None
            kinds.append(None)
            contents = False
            continue
        if _CONTENTS.match(line):
            contents = True
            kinds.append("contents")
            continue
        if contents and line.strip() and not _CONTENTS_ENTRY.search(line) and "\t" not in line:
            contents = False
        if contents and line.strip():
            kinds.append("contents")
        elif section:
            kinds.append(section)
        elif _SOURCE_LINE.match(line):
            kinds.append("source-line")
        elif _CAPTION.match(line):
            kinds.append("caption")
        else:
            kinds.append(None)
    return kinds


def _index(text):
    """(normalised text, [(offset where a line starts in it, kind)]) of a document."""
    parts, starts, offset = [], [], 0
    for line, kind in zip(text.split("\n"), line_kinds(text)):
        norm = normalize_space(line)
        if not norm:
            continue
        starts.append((offset, kind))
        parts.append(norm)
        offset += len(norm) + 1
    return " ".join(parts), starts


_CACHE = {}


def quote_kind(text, quote):
    """The kind of the line where ``quote`` first occurs in ``text``; None for the body or when absent."""
    key = id(text), len(text)
    entry = _CACHE.get(key)
    if entry is None or entry[0] is not text:
        entry = _CACHE[key] = (text, *_index(text))
    _, norm, starts = entry
    at = norm.find(normalize_space(quote))
    if at < 0:
        return None
    kind = None
    for offset, line_kind in starts:
        if offset > at:
            break
        kind = line_kind
    return kind


def sort_key(source):
    """Body sentences first, then reference lines, then outside sources; within each, by document (or
    address) and quote, so that every store and every command gives one order.

    >>> [s["quote"] for s in sorted([{"quote": "a", "kind": "reference"}, {"quote": "c"}, {"quote": "b"}], key=sort_key)]
    ['b', 'c', 'a']
    """
    group = 2 if source.get("outside_seeds") else 1 if source.get("kind") else 0
    return group, source.get("document") or source.get("url") or "", source.get("quote") or ""
