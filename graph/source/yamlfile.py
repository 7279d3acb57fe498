"""Read the project's YAML files strictly, keeping line numbers.

Dates stay strings (``2025-11-24`` is not turned into a date object, so a bad
date such as ``2024-13-45`` reaches the validator instead of failing here),
and every mapping remembers the line it starts on under the key ``__line__``.
The parser is libyaml's when PyYAML has it (``CSafeLoader``), else PyYAML's own.
Aliases (``*name``) are counted as they are met: once they stand for more
than :data:`MAX_ALIASED` values, the file is refused, so a kilobyte "billion
laughs" file is an error at once rather than minutes and gigabytes of work.
Nesting too deep for Python's recursion is a message, not a traceback.

>>> load_text("- {id: a, date: 2025-11-24}")
[{'id': 'a', 'date': '2025-11-24', '__line__': 1}]
>>> load_text("- {id: 010}")  # ids stay as written
[{'id': '010', '__line__': 1}]
>>> laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]" + "".join(
...     f"\\n{c}: &{c} [{', '.join(['*' + p] * 10)}]" for p, c in zip("abcdefgh", "bcdefghi"))
>>> len(laughs) < 1000
True
>>> load_text(laughs)
Traceback (most recent call last):
...
graph.errors.MalformedInputError: <text>:5:4: malformed YAML: aliases (*name) expand to more than 1,000,000 values: write the values out
"""

import sys

import yaml
from yaml.nodes import ScalarNode

from graph.errors import MalformedInputError

__all__ = ["load_file", "load_text"]


# libyaml's parser (several times faster on large data folders) where PyYAML was built with it
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
MAX_ALIASED = 1_000_000  # values that aliases may stand for in one file (the data uses a few thousand)


class _Loader(_Base):
    """SafeLoader without the timestamp resolver, recording line numbers."""

    def __init__(self, stream):
        super().__init__(stream)
        self.plain_tags = {}  # plain scalar -> its tag: keys, ids and names recur throughout a file

    def construct_object(self, node, deep=False):
        """PyYAML's, counting what aliases (``*name``) expand to: past :data:`MAX_ALIASED` values, an error.

        An alias costs nothing to build (PyYAML shares the object), but every
        reader after it walks the expanded tree: the "billion laughs" file.
        An alias to a value that contains itself is refused outright.
        """
        if node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(None, None, "an alias refers to the value that contains it",
                                                    node.start_mark)
        if node in self.constructed_objects:
            self.aliased = getattr(self, "aliased", 0) + _expanded_size(node, self.__dict__.setdefault("sizes", {}))
            if self.aliased > MAX_ALIASED:
                raise yaml.constructor.ConstructorError(
                    None, None, f"aliases (*name) expand to more than {MAX_ALIASED:,} values: write the values out",
                    node.start_mark)
        return super().construct_object(node, deep=deep)

    def resolve(self, kind, value, implicit):
        """The base resolver's tag, remembered per plain scalar.

        Without path resolvers (none are registered) a quoted scalar is a
        string, and a plain scalar's tag depends on its text alone, so each
        distinct text goes through the regexes once.
        """
        if kind is ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            tag = self.plain_tags.get(value)
            if tag is None:
                tag = self.plain_tags[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


def _expanded_size(node, sizes):
    """How many values ``node`` stands for with every alias under it written out (memoised in ``sizes``)."""
    size = sizes.get(node)
    if size is None:
        sizes[node] = 0  # a cycle adds nothing (and is refused elsewhere)
        if isinstance(node, ScalarNode):
            size = 1
        elif isinstance(node.value, list) and node.value and isinstance(node.value[0], tuple):
            size = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
        else:
            size = 1 + sum(_expanded_size(v, sizes) for v in node.value)
        sizes[node] = size
    return size


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct(loader, node):
    """``loader.construct_object(node, deep=True)``, short-cut for a string scalar (its text)."""
    if node.tag == _STR and node.__class__ is ScalarNode:
        return node.value
    return loader.construct_object(node, deep=True)


def _mapping_with_line(loader, node):
    loader.flatten_mapping(node)
    mapping = {}
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        if key == "id" and value_node.__class__ is ScalarNode:
            mapping[key] = value_node.value  # an id as written: 010 stays '010', never the number 8
            continue
        mapping[key] = _construct(loader, value_node)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def load_text(text, name="<text>"):
    """Parse YAML text; raise MalformedInputError naming the place of the fault."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise MalformedInputError(f"{name}: malformed YAML: nested too deeply (more than about "
                                  f"{sys.getrecursionlimit() // 4} levels)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        raise MalformedInputError(f"{where}: malformed YAML: {problem}") from None


def load_file(path):
    """Parse a YAML file as UTF-8; unreadable or malformed files raise MalformedInputError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise MalformedInputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise MalformedInputError(f"{path}: cannot read: {exc.strerror}") from None
    return load_text(text, str(path))
