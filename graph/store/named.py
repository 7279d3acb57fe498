"""The library of named queries in ``graph/queries/*.rq``.

Each file starts with comment lines: ``# en:`` and ``# ko:`` descriptions and
``# param: NAME entity|literal DEFAULT``. Parameters appear in the query as
``$NAME``; an entity parameter takes any name of an entity (resolved like
every other argument) and becomes its IRI. A default is the entity's id
itself and goes in as it is, without the name index (a test holds each
default to an entity that resolves to itself).

>>> q = NamedQuery.load("missions-of-program")
>>> q.params["program"]
('entity', 'genesis-mission')
>>> "$program" in q.text
True
"""

import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import UserInputError
from graph.vocab.namespaces import ID

__all__ = ["NamedQuery", "library"]

_FOLDER = Path(__file__).parent / "queries"


@dataclass
class NamedQuery:
    name: str
    en: str
    ko: str
    params: dict  # name -> (kind, default)
    text: str

    @classmethod
    def load(cls, name):
        path = _FOLDER / f"{name}.rq"
        if not re.fullmatch(r"[a-z0-9-]+", name) or not path.exists():
            import difflib

            close = difflib.get_close_matches(name, [p.stem for p in _FOLDER.glob("*.rq")], n=3)
            hint = f"; did you mean: {', '.join(close)}?" if close else "; see kg sparql --list"
            raise UserInputError(f"no named query {name!r}{hint}")
        return cls.parse(name, path.read_text(encoding="utf-8"))

    @classmethod
    def parse(cls, name, text):
        meta = {"en": "", "ko": ""}
        params = {}
        for line in text.splitlines():
            m = re.match(r"#\s*(en|ko|param):\s*(.*)", line)
            if not m:
                continue
            if m.group(1) == "param":
                pname, kind, default = (m.group(2).split(None, 2) + ["", ""])[:3]
                params[pname] = (kind, default)
            else:
                meta[m.group(1)] = m.group(2).strip()
        return cls(name, meta["en"], meta["ko"], params, text)

    def fill(self, given, resolve):
        """The query text with ``$param`` replaced; ``resolve`` maps a name to an entity id."""
        unknown = set(given) - set(self.params)
        if unknown:
            raise UserInputError(f"query {self.name!r} has no parameter {', '.join(sorted(unknown))}"
                                 f" (it takes: {', '.join(self.params) or 'none'})")
        text = self.text
        for pname, (kind, default) in self.params.items():
            value = given.get(pname, default)
            if kind == "entity":
                term = f"<{ID}{resolve(value) if pname in given else default}>"
            else:
                term = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
            text = re.sub(r"\$" + re.escape(pname) + r"\b", term, text)
        return text


def library():
    """Every named query, sorted by name."""
    return [NamedQuery.load(p.stem) for p in sorted(_FOLDER.glob("*.rq"))]
