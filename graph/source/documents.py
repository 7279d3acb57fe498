"""The source documents: their catalogue and their text, for checking quotes.

A quote counts as found when, whitespace runs collapsed to one space on both
sides, it is a substring of the document.

>>> normalize_space(" a\\n\\n b  c ")
'a b c'
"""

import re
from dataclasses import dataclass, field

from graph.errors import MalformedInputError
from graph.source.yamlfile import load_file

__all__ = ["Catalogue", "Document", "normalize_space"]

_SPACE = re.compile(r"\s+")


def normalize_space(text):
    """Collapse every whitespace run to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


@dataclass
class Document:
    """One catalogue entry and, once read, its text."""

    id: str
    file: str
    meta: dict
    _text: str = field(default=None, repr=False)
    _raw: str = field(default=None, repr=False)

    def raw(self, seeds):
        """The document's text as it is, lines kept (read once)."""
        if self._raw is None:
            path = seeds / self.file
            try:
                self._raw = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise MalformedInputError(f"{path}: cannot read document {self.id}: {exc}") from None
        return self._raw

    def text(self, seeds):
        """The document's text with whitespace normalised (read once)."""
        if self._text is None:
            self._text = normalize_space(self.raw(seeds))
        return self._text

    def kind_of(self, seeds, quote):
        """Where ``quote`` sits: None for the body, else a kind of :mod:`graph.source.evidence`."""
        from graph.source.evidence import quote_kind

        return quote_kind(self.raw(seeds), quote)

    def contains(self, seeds, quote):
        """True when ``quote`` occurs verbatim (whitespace aside) in the document."""
        q = normalize_space(quote)
        return bool(q) and q in self.text(seeds)


class Catalogue:
    """``seeds/catalogue.yaml``: one entry per document, keyed by its id."""

    REQUIRED = ("id", "file", "title", "publisher", "date", "language")

    def __init__(self, seeds, entries):
        self.seeds = seeds
        self.documents = {e.id: e for e in entries}

    @classmethod
    def load(cls, path):
        raw = load_file(path) or []
        if not isinstance(raw, list):
            raise MalformedInputError(f"{path}: the catalogue must be a list of documents")
        entries = []
        for item in raw:
            missing = [k for k in cls.REQUIRED if not item.get(k)]
            if missing:
                raise MalformedInputError(
                    f"{path}:{item.get('__line__', '?')}: catalogue entry {item.get('id', '?')} lacks {', '.join(missing)}")
            meta = {k: v for k, v in item.items() if k not in ("id", "file", "__line__")}
            entries.append(Document(str(item["id"]), str(item["file"]), meta))
        return cls(path.parent, entries)

    def __contains__(self, doc_id):
        return doc_id in self.documents

    def __getitem__(self, doc_id):
        return self.documents[doc_id]

    def __iter__(self):
        return iter(self.documents.values())
