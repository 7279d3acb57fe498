"""How a source is cited, in every answer: the SPEC §4 source dict and its short text.

A source is either a sentence of a seed document (``document`` and the
verbatim ``quote``, with ``kind`` when the line is a reference-list, contents,
caption or source line rather than a body sentence) or a public page outside
the seeds (``document`` is its URL, ``outside_seeds`` is true).

>>> src = source_json({"document": "s000", "quote": "참여 국립 연구소: DOE 산하 17개 전체"})
>>> cite_text(src)
'[s000] "참여 국립 연구소: DOE 산하 17개 전체"'
>>> cite_text(source_json({"url": "https://www.energy.gov/genesis"}), more=2)
'[outside the seeds: https://www.energy.gov/genesis] (+2 more)'
>>> cite_text({"document": "s000", "quote": "참고문헌 줄", "kind": "reference"}, more=1, lang="ko")
'[s000] (참고문헌) "참고문헌 줄" (외 1건)'
>>> page_source(source_json({"url": "https://www.energy.gov/genesis"}))
{'document': 'outside the seeds', 'quote': 'https://www.energy.gov/genesis'}
"""

__all__ = ["cite_sources", "cite_text", "page_source", "short_citation", "source_from_row", "source_json"]


def source_json(src):
    """A source of the projection (``document``/``quote``/``kind`` or ``url``) as SPEC §4 gives it."""
    if "document" in src:
        out = {"document": src["document"], "quote": src["quote"]}
        if src.get("kind"):
            out["kind"] = src["kind"]
        return out
    return {"document": src["url"], "quote": None, "outside_seeds": True}


def source_from_row(row):
    """A source from a query row of plain values: ``doc``, ``quote``, ``kind`` for a seed, else ``src`` (and ``note``).

    >>> source_from_row({"doc": "s001", "quote": "…", "kind": None, "src": "https://w3id.org/ai4s-kg/doc/s001"})
    {'document': 's001', 'quote': '…'}
    """
    if row.get("doc"):
        out = {"document": row["doc"], "quote": row.get("quote")}
        if row.get("kind"):
            out["kind"] = row["kind"]
        return out
    out = {"document": row["src"], "quote": None, "outside_seeds": True}
    if row.get("note"):
        out["note"] = row["note"]
    return out


#: the words of a citation in each language; ``kinds`` name where a quote sits when not in the body text
_WORDS = {"en": {"more": " (+{n} more)", "outside": "outside the seeds", "kinds": {}},
          "ko": {"more": " (외 {n}건)", "outside": "시드 외 출처",
                 "kinds": {"reference": "참고문헌", "contents": "목차", "caption": "캡션", "source-line": "출처 줄"}}}


def cite_text(src, width=80, more=0, lang="en"):
    """``[s000] "…quote…"`` (with ``(reference)`` for a reference line) or ``[outside the seeds: URL]``.

    The quote is cut at ``width`` characters; ``more`` other sources are counted after it, in ``lang``.
    """
    if not src:
        return ""
    words = _WORDS[lang]
    tail = words["more"].format(n=more) if more else ""
    if src.get("outside_seeds"):
        return f"[{words['outside']}: {src['document']}]{tail}"
    quote = src.get("quote") or ""
    quote = quote if len(quote) <= width else quote[:width - 3] + "…"
    kind = f" ({words['kinds'].get(src['kind'], src['kind'])})" if src.get("kind") else ""
    return f'[{src["document"]}]{kind} "{quote}"{tail}'


def cite_sources(sources, width=80, lang="en"):
    """The first (best) of ``sources`` as :func:`cite_text` gives it, with how many more there are."""
    return cite_text(sources[0], width=width, more=len(sources) - 1, lang=lang) if sources else ""


def short_citation(fact, lang="en"):
    """The citation of a fact's first (best) source, as :func:`cite_text` gives it."""
    return cite_text(source_json(fact["sources"][0]), width=90, lang=lang) if fact["sources"] else ""


def page_source(src):
    """A SPEC §4 source as a map or page shows it: ``{"document", "quote"}``, an outside page by its URL."""
    if src.get("outside_seeds") or "url" in src:
        return {"document": "outside the seeds", "quote": src.get("url") or src.get("document") or ""}
    return {"document": src["document"], "quote": src.get("quote") or ""}
