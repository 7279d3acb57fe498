"""Write a build's N-Triples files and its on-disk store from the compiled triples, side by side.

A build folder holds its triples three times as N-Triples, each file
sorted (the same inputs give the same bytes): ``ontology.nt`` and
``data.nt``, its two named graphs, and ``dataset.nt``, both; and once more
as an on-disk Oxigraph store (:mod:`graph.store.local`). Every line is
written as rdflib's N-Triples writer writes it (:func:`nt_lines`).

The triples are cut into parts by subject (:func:`parts_for`): a line begins with
its subject, followed by a space, which sorts before any character a
subject can go on with, so the lines of a part whose subjects all sort
before those of the next part sort before its lines too. Each part's lines
are made, sorted and appended to the files, and handed to the store, which
loads them in a thread while the next part is made (Oxigraph lets go of the
GIL). Only the lines of a part or two are held at a time, and the store
is given at most :data:`PART_TRIPLES` triples at once up to three parts (its
bulk loader holds about 0.9 KB a quad while it sorts them; see
:func:`graph.store.local.write_store`).

>>> import tempfile
>>> from pathlib import Path
>>> from rdflib import Literal, URIRef
>>> a, b, p = URIRef("http://x/a"), URIRef("http://x/b"), URIRef("http://x/p")
>>> folder = Path(tempfile.mkdtemp())
>>> given = []
>>> write_nt_files(folder, {(b, p, Literal("1")): None, (a, p, b): None}, 1, given.append)
{'ontology': 1, 'data': 1}
>>> (folder / "dataset.nt").read_text()
'<http://x/a> <http://x/p> <http://x/b> .\\n<http://x/b> <http://x/p> "1" .\\n'
>>> (folder / "ontology.nt").read_text()
'<http://x/b> <http://x/p> "1" .\\n'
>>> sum(len(lines) for part in given for _, lines in part)
2
"""

from collections import Counter
from contextlib import ExitStack
from itertools import compress
from operator import itemgetter

from rdflib import Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral

__all__ = ["MAX_PARTS", "PART_TRIPLES", "nt_lines", "nt_rows", "parts_for", "write_nt_files"]

#: triples in a part, as long as there are no more than :data:`MAX_PARTS` parts
PART_TRIPLES = 350_000
#: parts at most: from the third bulk load on, the store may be compacted (see graph.store.local.write_store)
MAX_PARTS = 3


def parts_for(n):
    """How many parts ``n`` triples are written in: as few as hold :data:`PART_TRIPLES` each, at most
    :data:`MAX_PARTS`.

    >>> parts_for(26_687), parts_for(500_000), parts_for(1_000_000), parts_for(5_000_000)
    (1, 2, 3, 3)
    """
    return min(MAX_PARTS, max(1, -(-n // PART_TRIPLES)))


_FILES = ("ontology.nt", "data.nt", "dataset.nt")


def write_nt_files(folder, triples, n_ontology, to_store, meanwhile=None, parts=None):
    """Write the N-Triples files of ``triples`` (a sequence, the ``n_ontology`` triples of the ontology first)
    into ``folder``, and hand each part of their lines to ``to_store`` as a list of ``(graph name, lines)``
    pairs (lines as UTF-8 bytes, sorted; :func:`graph.store.local.write_store` takes them), in ``parts``
    parts (by default :func:`parts_for` the number of triples). ``meanwhile()`` is called once the first
    part is handed over (while the store loads it). Returns the number of lines of each graph,
    ``{"ontology": n, "data": n}``.
    """
    written = {}
    buckets = _parts(list(triples), n_ontology, parts or parts_for(len(triples)), written)
    counted = {"ontology": 0, "data": 0}
    with ExitStack() as files:
        out = [files.enter_context(open(folder / name, "wb")) for name in _FILES]
        for k, (onto_triples, data_triples) in enumerate(buckets):
            onto = sorted(x.encode("utf-8") for x in nt_rows(onto_triples, written))
            data = sorted(x.encode("utf-8") for x in nt_rows(data_triples, written))
            buckets[k] = None  # the triples of a part are let go once written
            to_store([("ontology", onto), ("data", data)])  # read by the store later: never changed here
            if k == 0 and meanwhile is not None:
                meanwhile()
            for fh, lines in zip(out, (onto, data, sorted(onto + data))):  # two sorted runs: merged
                _append(fh, lines)
            counted["ontology"] += len(onto)
            counted["data"] += len(data)
            del onto, data, lines  # the store's part is let go once it has read it
    return counted


def _append(fh, lines, chunk=1 << 16):
    """Write ``lines`` (bytes) to ``fh``, each ending with a newline, ``chunk`` at a time."""
    for i in range(0, len(lines), chunk):
        fh.write(b"\n".join(lines[i:i + chunk]) + b"\n")


def _parts(triples, n_ontology, parts, written):
    """``triples`` (a list) cut by subject into ``parts`` parts of about as many triples, in the order of their
    subjects as written: ``[(ontology triples, data triples)]``, each in the order given."""
    per_subject = Counter(map(itemgetter(0), triples))
    part_of, seen, k = {}, 0, 0
    for s in sorted(per_subject, key=lambda s: _sort_key(s, written)):
        if seen >= len(triples) * (k + 1) / parts and k < parts - 1:
            k += 1
        part_of[s] = k
        seen += per_subject[s]
    where = list(map(part_of.__getitem__, map(itemgetter(0), triples)))
    sides = [(triples[:n_ontology], where[:n_ontology]), (triples[n_ontology:], where[n_ontology:])]
    return [tuple(list(compress(side, map(k.__eq__, at))) for side, at in sides) for k in range(k + 1)]


def _sort_key(term, written):
    """What ``term`` is written as (:func:`_text`), in short for an IRI: ``<`` and ``>`` around it (rdflib's
    ``n3()`` of a valid one; an invalid one fails when its lines are made)."""
    return f"<{term}>" if term.__class__ is URIRef else _text(term, written)


def _text(term, written):
    """The N-Triples form of ``term`` (kept in ``written``, see :func:`nt_rows`)."""
    return _form(term, written)[1]


def _form(t, written):
    """``(term, its N-Triples form, whether it holds a line break)``, made once per term object."""
    w = written.get(id(t))
    if w is None:
        text = _quoteLiteral(t) if isinstance(t, Literal) else t.n3()
        w = written[id(t)] = (t, text, len(f"{text}.".splitlines()) != 1)
    return w


def nt_lines(triples):
    r"""The non-blank N-Triples lines of ``triples``, as ``Graph.serialize(format="nt").splitlines()`` gives them.

    Every term is written as rdflib's N-Triples writer writes it (``_nt_row``:
    ``_quoteLiteral`` for a literal, ``n3()`` for the rest), once per term
    object, as the compiler makes each IRI and quote once and they recur on
    many lines. A line holding a character ``str.splitlines`` breaks at (an
    unescaped U+2028 in a literal) is split there, as before.

    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> g = Graph()
    >>> s, p = URIRef("http://x/s"), URIRef("http://x/p")
    >>> for o in (Literal('a "q" \\ b\nc\r'), Literal("한국", lang="ko"), Literal("x", lang="EN"),
    ...           Literal("x", lang="en"), Literal(1), Literal("2025-11", datatype=URIRef("http://x/d")),
    ...           Literal("\u2028\x85"), BNode("b1"), s):
    ...     _ = g.add((s, p, o))
    >>> nt_lines(g) == [x for x in g.serialize(format="nt").splitlines() if x.strip()]
    True
    """
    return list(nt_rows(triples))


def nt_rows(triples, written=None):
    """The lines of :func:`nt_lines`, one at a time; ``written`` keeps the form of each term from one call to
    the next (id(term) -> (term, its N-Triples form, whether it holds a line break); the term kept alive)."""
    written = {} if written is None else written
    form = written.get
    for s, p, o in triples:
        (_, a, x), (_, b, y), (_, c, z) = (form(id(s)) or _form(s, written), form(id(p)) or _form(p, written),
                                           form(id(o)) or _form(o, written))
        if x or y or z:  # split where str.splitlines would split the serialised file
            yield from (line for line in f"{a} {b} {c} .".splitlines() if line.strip())
        else:
            yield f"{a} {b} {c} ."
