"""Format SPARQL answers as a text table, CSV, TSV, W3C JSON or RDF.

>>> data = {"kind": "select", "vars": ["x"], "json": b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"https://w3id.org/ai4s-kg/id/doe"}}]}}'}
>>> print(format_result(data, "table"))
x
--------
kgid:doe
(1 row)
"""

import csv
import io
import json

from graph.errors import UserInputError
from graph.vocab.namespaces import PREFIXES

__all__ = ["FORMATS", "csv_text", "format_result", "result_json", "short_iri"]

FORMATS = ("table", "text", "csv", "tsv", "json", "turtle", "ttl", "nt", "jsonld")


def csv_text(header, rows):
    """``header`` and ``rows`` as one CSV table (RFC 4180: quoted where needed, CRLF between records, none after
    the last), the one CSV writer of every command.

    >>> csv_text(["id", "label"], [["anl", "Argonne, ANL"]])
    'id,label\\r\\nanl,"Argonne, ANL"'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().removesuffix("\r\n")


def short_iri(iri):
    """``kg:party`` for an IRI under a known prefix, else ``<iri>``."""
    best = max((p for p in PREFIXES.items() if iri.startswith(p[1])), key=lambda p: len(p[1]), default=None)
    if best:
        return f"{best[0]}:{iri[len(best[1]):]}"
    return f"<{iri}>"


def _cell(term):
    if term is None:
        return ""
    if term["type"] == "uri":
        return short_iri(term["value"])
    if term["type"] == "bnode":
        return "_:" + term["value"]
    return term["value"]


def _tsv_term(term):
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return "_:" + term["value"]
    value = term["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    if "xml:lang" in term:
        return f'"{value}"@{term["xml:lang"]}'
    if "datatype" in term:
        return f'"{value}"^^<{term["datatype"]}>'
    return f'"{value}"'


def _table(header, rows, cap=60):
    rows = [[c if len(c) <= cap else c[: cap - 1] + "…" for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines)


def result_json(result):
    """The dict ``kg sparql --format json`` prints for one query result (see :func:`graph.store.sparql.run_query`):
    SPARQL JSON for SELECT and ASK, the JSON-LD document for CONSTRUCT and DESCRIBE.

    >>> result_json({"kind": "ask", "value": True})
    {'head': {}, 'boolean': True}
    """
    if result["kind"] == "ask":
        return {"head": {}, "boolean": result["value"]}
    if result["kind"] == "graph":
        return json.loads(_format_graph(result["ntriples"], "jsonld"))
    return json.loads(result["json"])


def format_result(result, fmt):
    """Text for one query result dict (see :func:`graph.store.sparql.run_query`)."""
    kind = result["kind"]
    if kind == "ask":
        if fmt == "json":
            return json.dumps(result_json(result))
        return "true" if result["value"] else "false"
    if kind == "graph":
        return _format_graph(result["ntriples"], fmt)
    data = result_json(result)
    variables = data["head"]["vars"]
    rows = data["results"]["bindings"]
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1)
    if fmt == "csv":
        return csv_text(variables, ([row[v]["value"] if v in row else "" for v in variables] for row in rows))
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join(_tsv_term(row.get(v)) for v in variables) for row in rows]
        return "\n".join(lines)
    if fmt in ("table", "text"):
        return _table(variables, [[_cell(row.get(v)) for v in variables] for row in rows])
    raise UserInputError(f"format {fmt!r} does not fit a SELECT query (use table, csv, tsv or json)")


def _format_graph(ntriples, fmt):
    if fmt in ("nt",):
        return ntriples.decode("utf-8") if isinstance(ntriples, bytes) else ntriples
    if fmt in ("turtle", "ttl", "table", "text", "jsonld", "json"):
        from rdflib import Graph

        g = Graph()
        for prefix, iri in PREFIXES.items():
            g.bind(prefix, iri)
        g.parse(data=ntriples, format="nt")
        if fmt in ("jsonld", "json"):
            return g.serialize(format="json-ld", context={k: v for k, v in PREFIXES.items()}, auto_compact=True)
        return g.serialize(format="turtle")
    raise UserInputError(f"format {fmt!r} does not fit a CONSTRUCT or DESCRIBE query (use turtle, nt or jsonld)")
