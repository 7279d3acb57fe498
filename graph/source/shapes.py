"""The YAML shape of a record, checked before any rule reads it: types, control characters, sizes.

A record whose fields have the wrong kind of value (``type: [Lab]``,
``relations: 5``, a list as a relation's ``p`` or a source's ``doc``) would
crash the checks that follow; :func:`shape_problems` names each such field
with file, line, record and field instead, and the record is left out.
Text fields may not hold control characters (a label with a terminal escape
sequence would set a terminal's title when printed), and no text may be
longer than :data:`MAX_TEXT` characters (Oxigraph refuses N-Triples lines
over 16 MiB).

>>> from graph.source.records import Record
>>> shape_problems(Record({"id": "x", "type": ["Lab"], "label": {"en": "X\\x1b]0;t\\x07"}}, "f.yaml", 3))
['f.yaml:3: x.type: must be a text, found a list', 'f.yaml:3: x.label.en: holds a control character (U+001B): remove it']
"""

import re

__all__ = ["MAX_TEXT", "shape_problems"]

MAX_TEXT = 100_000  # characters in any one text field
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab, newline and carriage return allowed
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # names: not even those

TEXT, LIST, MAPPING = "a text", "a list", "a mapping"
_KINDS = {TEXT: str, LIST: list, MAPPING: dict}
RECORD = {"id": TEXT, "type": TEXT, "status": TEXT, "scheme": TEXT, "label": MAPPING, "description": MAPPING,
          "aliases": LIST, "sources": LIST, "relations": LIST, "posts": LIST, "seedClaim": MAPPING}
RELATION = {"p": TEXT, "o": TEXT, "s": TEXT, "status": TEXT, "sources": LIST}
SOURCE = {"doc": TEXT, "quote": TEXT, "kind": TEXT, "url": TEXT, "note": TEXT}
_NAMES = ("label", "aliases")  # one-line texts


def _found(value):
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    for name, kind in _KINDS.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _texts(value, path):
    """``(path, text)`` for every text inside ``value``."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "__line__":
                yield from _texts(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, f"{path}[{i}]")


def _strings(value, out):
    """Append every text inside ``value`` to ``out`` (no paths: see :func:`_texts`)."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "__line__":
                _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)


def _kinds(fields, shape, path):
    for key, kind in shape.items():
        if key in fields and not isinstance(fields[key], _KINDS[kind]):
            yield f"{path}{key}", f"must be {kind}, found {_found(fields[key])}"


def _items(fields, key, shape, path):
    """Problems of the list ``fields[key]``, each item a mapping of ``shape``."""
    value = fields.get(key)
    if not isinstance(value, list):
        return
    for i, item in enumerate(value):
        where = f"{path}{key}[{i}]"
        if not isinstance(item, dict):
            yield where, f"must be a mapping, found {_found(item)}"
            continue
        yield from _kinds(item, shape, where + ".")
        if shape is RELATION:
            yield from _items(item, "sources", SOURCE, where + ".")


def shape_problems(record):
    """Messages for every field of ``record`` with the wrong kind of value, a control character or an over-long text."""
    f = record.fields
    found = list(_kinds(f, RECORD, ""))
    found += _items(f, "sources", SOURCE, "")
    found += _items(f, "relations", RELATION, "")
    texts = []
    _strings(f, texts)
    if not _LINE_CONTROL.search("".join(texts)) and max(map(len, texts), default=0) <= MAX_TEXT:
        texts = []  # no text can be at fault (the stricter pattern finds nothing): no paths are built
    for path, text in _texts({k: v for k, v in f.items() if k != "__line__"}, "") if texts else ():
        path = path.lstrip(".")
        control = (_LINE_CONTROL if path.split(".")[0].split("[")[0] in _NAMES else _CONTROL).search(text)
        if control:
            found.append((path, f"holds a control character (U+{ord(control.group()):04X}): remove it"))
        if len(text) > MAX_TEXT:
            found.append((path, f"is {len(text):,} characters long, more than the {MAX_TEXT:,} allowed"))
    return [f"{record.where(path)}: {message}" for path, message in found]
