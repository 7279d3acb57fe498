"""Load the YAML records of ``data/`` into :class:`Record` objects.

Each record keeps the file and line it came from, so every problem can be
reported with file, record id and field.
"""

from dataclasses import dataclass

from graph.errors import MalformedInputError
from graph.source.shapes import shape_problems
from graph.source.yamlfile import load_file

__all__ = ["Record", "load_records"]


@dataclass
class Record:
    """One entity record: its raw fields plus where it was written."""

    fields: dict
    file: str
    line: int

    @property
    def id(self):
        return str(self.fields.get("id", ""))

    @property
    def type(self):
        return self.fields.get("type")

    def get(self, key, default=None):
        return self.fields.get(key, default)

    def where(self, field=None):
        """``file:line: id[.field]`` for messages."""
        tail = f".{field}" if field else ""
        return f"{self.file}:{self.line}: {self.id or '<no id>'}{tail}"


def load_records(files):
    """Read every file; return (records, malformed) where malformed lists messages.

    A malformed file does not stop the others from being read, so all faults
    are reported at once.
    """
    records, malformed = [], []
    for path in files:
        try:
            raw = load_file(path)
        except MalformedInputError as exc:
            malformed.append(str(exc))
            continue
        if raw is None:
            continue
        if not isinstance(raw, list):
            malformed.append(f"{path}: a data file must be a YAML list of records")
            continue
        for item in raw:
            if not isinstance(item, dict):
                malformed.append(f"{path}: every record must be a mapping, found {item!r}")
                continue
            line = item.pop("__line__", 0)
            record = Record(item, str(path), line)
            wrong = shape_problems(record)
            if wrong:  # the checks after this would trip over it: reported and left out
                malformed += wrong
                continue
            records.append(record)
    return records, malformed
