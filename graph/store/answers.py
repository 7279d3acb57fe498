"""Write a query answer in a SPARQL Protocol format, stopping at a row cap that it then declares.

This runs in the query's process (see :func:`graph.store.sparql.answer_query` and
:mod:`graph.store.pool`), so the server gets finished bytes or nothing. The answer is read from
pyoxigraph's result one row (or triple) at a time; after ``max_rows`` it
stops, and a cut answer says so in its body wherever the format has a place
that readers skip (never as an extra row a CSV reader would take for data):

=========================  ===================================================
SPARQL JSON                a top-level ``"truncated"`` object beside ``head``
                           and ``results``, and the ``link`` in ``head``
SPARQL XML                 ``<link href>`` in ``<head>`` and a comment
CSV, TSV                   nothing in the body (CSV and TSV have no comments:
                           ``pandas.read_csv`` would read a mark as a row);
                           only the HTTP headers say it
Turtle, N-Triples          a ``#`` comment line before the triples
RDF/XML                    an XML comment after the declaration
JSON-LD                    one extra node, ``link`` with an ``rdfs:comment``
=========================  ===================================================

The HTTP layer adds the ``X-KG-Truncated`` header (``rows=N`` or
``triples=N``) and a ``Link`` to the explanation, for every format.

>>> import pyoxigraph as ox
>>> rows = ox.Store().query("SELECT ?n WHERE { VALUES ?n { 1 2 3 } }")
>>> body, count, cut = serialize(rows, "csv", max_rows=2)
>>> print(body.decode().replace("\\r", ""))
n
1
2
<BLANKLINE>
>>> count, cut
(2, True)
"""

import json
from itertools import islice

from graph.vocab.namespaces import PREFIXES

# XML escaping written out here: xml.sax.saxutils imports urllib.request, which costs a cold kg sparql 20 ms
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                       "\t": "&#9;"})


def escape(text):
    """``text`` as XML character data.

    >>> escape("a < b & c")
    'a &lt; b &amp; c'
    """
    return text.translate(_TEXT)


def quoteattr(text):
    """``text`` as a double-quoted XML attribute value (line breaks and tabs kept as character references).

    >>> quoteattr('say "hi"\\n')
    '"say &quot;hi&quot;&#10;"'
    """
    return '"' + text.translate(_ATTR) + '"'

__all__ = ["serialize", "truncation_note"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
_RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


def truncation_note(max_rows, unit="rows"):
    """The sentence that marks a cut answer."""
    return (f"the answer was cut at {max_rows} {unit}, the server's limit; "
            "add LIMIT/OFFSET or narrow the query")


def serialize(result, fmt, max_rows=None, link=None):
    """``(body bytes, rows written, truncated)`` for a pyoxigraph query result.

    ``fmt`` is a key of :data:`graph.protocol.RESULT_TYPES` (json, xml, csv,
    tsv) for SELECT and ASK, or of :data:`graph.protocol.GRAPH_TYPES`
    (turtle, ntriples, jsonld, rdfxml) for CONSTRUCT and DESCRIBE.
    ``link`` is an IRI explaining the row cap, given in a cut answer.
    """
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return _boolean(bool(result), fmt), 1, False
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = list(islice(result, max_rows + 1)) if max_rows is not None else list(result)
        cut = max_rows is not None and len(rows) > max_rows
        rows = rows[:max_rows] if cut else rows
        writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt]
        return writer(names, rows, truncation_note(max_rows) if cut else None, link), len(rows), cut
    triples = list(islice(result, max_rows + 1)) if max_rows is not None else list(result)
    cut = max_rows is not None and len(triples) > max_rows
    triples = triples[:max_rows] if cut else triples
    note = truncation_note(max_rows, "triples") if cut else None
    return _graph(triples, fmt, note, link), len(triples), cut


def _boolean(value, fmt):
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_RESULTS_NS}">\n<head/>\n'
            f"<boolean>{word}</boolean>\n</sparql>\n").encode()


def _json_term(term):
    """A term in the W3C SPARQL JSON results shape."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(names, rows, note, link):
    head = {"vars": names}
    if note and link:
        head["link"] = [link]
    bindings = [{n: _json_term(t) for n, t in zip(names, row) if t is not None} for row in rows]
    data = {"head": head, "results": {"bindings": bindings}}
    if note:
        data["truncated"] = {"rows": len(rows), "message": note}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml_term(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != _XSD_STRING:
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml(names, rows, note, link):
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{_RESULTS_NS}">', "<head>"]
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    if note and link:
        out.append(f"<link href={quoteattr(link)}/>")
    out.append("</head>")
    if note:
        out.append(f"<!-- truncated: {note} -->")
    out.append("<results>")
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                        for n, t in zip(names, row) if t is not None)
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>", ""]
    return "\n".join(out).encode("utf-8")


def _csv_cell(term):
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv_field(cell):
    """A CSV field, quoted when it holds a separator, a quote, a line break or starts with '#'.

    >>> _csv_field("#1"), _csv_field('say "hi", twice'), _csv_field("plain")
    ('"#1"', '"say ""hi"", twice"', 'plain')
    """
    if cell[:1] == "#" or any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _csv(names, rows, note, link):
    """The CSV table: header and rows only, cut or not (a cut is said by the HTTP headers)."""
    lines = [",".join(names)]
    lines += [",".join(_csv_field(_csv_cell(t)) for t in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _tsv(names, rows, note, link):
    lines = ["\t".join("?" + n for n in names)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t).replace("\t", "\\t") for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _graph(triples, fmt, note, link):
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    body = ox.serialize(triples, format=formats[fmt], prefixes=prefixes)
    if not note:
        return body
    if fmt in ("turtle", "ntriples"):
        return f"# truncated: {note}\n".encode("utf-8") + body
    if fmt == "rdfxml":
        first, _, rest = body.partition(b"\n")
        return first + f"\n<!-- truncated: {note} -->\n".encode("utf-8") + rest
    nodes = json.loads(body)
    nodes.append({"@id": link or "urn:kg:truncated", _RDFS_COMMENT: [{"@value": "truncated: " + note}]})
    return json.dumps(nodes, ensure_ascii=False).encode("utf-8")
