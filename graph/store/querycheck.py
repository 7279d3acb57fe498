"""Decide whether a SPARQL query is safe on its parse, never on its tokens.

A query is read by rdflib's SPARQL 1.1 parser and translated to its algebra
(prefixed names expanded, the project's prefixes pre-bound); the walk over
that tree then refuses

* ``SERVICE`` anywhere (Oxigraph would call the endpoint over HTTP),
* ``FROM`` / ``FROM NAMED`` and ``GRAPH <iri>`` with an IRI outside the
  project (``GRAPH ?g`` stays allowed),
* updates and ``LOAD`` (a text that parses as an update, not a query).

Before any parser sees it, a query longer than :data:`MAX_QUERY_CHARS`
(runs of white space counted as one) or
nested deeper than :data:`MAX_DEPTH` brackets is refused as too complex
(exit 3, HTTP 400): both crash parsers and engines rather than answer.

A query rdflib cannot read gives None: the caller decides (see
:func:`graph.store.sparql.check_query_safety`, which asks Oxigraph's parser
in a process without network and refuses what rdflib could not check).

>>> inspect_query("SELECT * WHERE { ?s kg:party ?o }")
QueryFacts(form='select', names_dataset=False)
>>> inspect_query("PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE :x { ?s ?p ?o } }")
Traceback (most recent call last):
...
graph.errors.QueryRefused: SERVICE <http://127.0.0.1:9/x> is refused: queries may not reach other endpoints
>>> inspect_query("DESCRIBE kgid: FROM <file:///etc/passwd>")
Traceback (most recent call last):
...
graph.errors.QueryRefused: FROM <file:///etc/passwd> is refused: queries may not read graphs from outside the project
"""

import functools
import logging
import re
import threading
from typing import NamedTuple

from graph.errors import QueryRefused, QueryTooComplex
from graph.vocab.namespaces import BASE, PREFIXES

__all__ = ["MAX_DEPTH", "MAX_QUERY_CHARS", "QueryFacts", "inspect_query", "nesting_depth"]

MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 24  # brackets of all kinds; rdflib's parser needs Python recursion for each
_OPEN, _CLOSE = "{([", "})]"
_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "graph", "DescribeQuery": "graph"}
_SPACES = re.compile(r"\s+")
_LOCK = threading.Lock()  # pyparsing's packrat cache is shared by every thread


class QueryFacts(NamedTuple):
    """What the parse says about a safe query: its kind of answer, and whether it names its own dataset."""

    form: str
    names_dataset: bool


def nesting_depth(query):
    """The deepest nesting of ``{ ( [`` in ``query``, counting every bracket (strings included).

    Counting brackets inside strings and IRIs too can only overstate the
    depth, never understate it.

    >>> nesting_depth("SELECT * { { ?s ?p ?o FILTER((1)) } }")
    4
    """
    depth = deepest = 0
    for ch in query:
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
    return deepest


def _check_size(query):
    size = len(_SPACES.sub(" ", query))  # a run of white space counts as one character
    if size > MAX_QUERY_CHARS:
        raise QueryTooComplex(f"the query is too long: {size:,} characters, at most {MAX_QUERY_CHARS:,} "
                              "are accepted")
    depth = nesting_depth(query)
    if depth > MAX_DEPTH:
        raise QueryTooComplex(f"the query is nested too deeply: {depth} levels of brackets, at most {MAX_DEPTH} "
                              "are accepted")


def _parse(query):
    """rdflib's algebra of ``query``, or None when rdflib cannot read it."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    quiet = logging.getLogger("rdflib.term")
    level = quiet.level
    with _LOCK:
        quiet.setLevel(logging.ERROR)  # odd IRIs are logged as warnings; the check itself decides
        try:
            return translateQuery(parseQuery(query), initNs=PREFIXES)
        except RecursionError:
            raise QueryTooComplex("the query is nested too deeply to be read") from None
        except Exception:  # pyparsing and rdflib raise many kinds: all mean "rdflib cannot read it"
            return None
        finally:
            quiet.setLevel(level)


_UPDATE_WORDS = {"Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
                 "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
                 "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT"}


def _update_word(query):
    """The first operation of ``query`` read as a SPARQL update (``"LOAD"``, ``"CLEAR"``...), or None."""
    from rdflib.plugins.sparql.parser import parseUpdate

    with _LOCK:
        try:
            parsed = parseUpdate(query)
        except Exception:  # RecursionError included: not readable as an update either
            return None
    requests = parsed.get("request") or []
    return _UPDATE_WORDS.get(requests[0].name, "an update") if requests else None


def _ours(iri):
    return str(iri).startswith(BASE)


def _walk(node):
    """Every CompValue in the tree under ``node`` (algebra nodes, parse nodes, expressions)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)


def _refuse(algebra):
    from rdflib import URIRef

    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            term = node["term"] if "term" in node else None
            shown = f"<{term}>" if isinstance(term, URIRef) else "?" + str(term)
            raise QueryRefused(f"SERVICE {shown} is refused: queries may not reach other endpoints")
        if node.name == "Graph" and "term" in node and isinstance(node["term"], URIRef) and not _ours(node["term"]):
            raise QueryRefused(f"GRAPH <{node['term']}> is refused: queries may only read the project's own graphs")
        if node.name == "DatasetClause":
            for key, word in (("default", "FROM"), ("named", "FROM NAMED")):
                iri = node[key] if key in node else None
                if iri is not None and not _ours(iri):
                    raise QueryRefused(f"{word} <{iri}> is refused: queries may not read graphs from outside "
                                       "the project")


@functools.lru_cache(maxsize=512)  # the endpoint sees the same queries again and again; the parse costs ms
def inspect_query(query):
    """:class:`QueryFacts` of a safe ``query``; None when rdflib cannot read it.

    Raises QueryTooComplex (over the size or depth limits) or QueryRefused.

    >>> inspect_query("CLEAR ALL")
    Traceback (most recent call last):
    ...
    graph.errors.QueryRefused: CLEAR is refused: updates are not allowed, the graph is read-only
    >>> inspect_query("SELECT * WHERE { ?s ?p }") is None
    True
    """
    _check_size(query)
    parsed = _parse(query)
    if parsed is None:
        word = _update_word(query)
        if word == "LOAD":
            raise QueryRefused("LOAD is refused: the graph is read-only and loads nothing from outside")
        if word:
            raise QueryRefused(f"{word} is refused: updates are not allowed, the graph is read-only")
        return None
    algebra = parsed.algebra
    _refuse(algebra)
    return QueryFacts(_FORMS.get(algebra.name, "select"), bool("datasetClause" in algebra and algebra["datasetClause"]))
