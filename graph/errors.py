"""Errors raised by the library, each with the exit code the CLI gives it.

Hierarchy::

    KGError (exit 1)
    ├── UserInputError (exit 2): something the user typed or pointed at is wrong
    │   ├── UnknownNameError: no entity has that name (carries suggestions)
    │   ├── AmbiguousNameError: several entities have that name (carries candidates)
    │   ├── MalformedInputError: a data, ontology or catalogue file cannot be read
    │   ├── QuerySyntaxError (exit 3): a SPARQL query does not parse
    │   │   └── QueryTooComplex: a query over the size or nesting limit, refused unread
    │   └── QueryRefused (exit 4): a query asks for something unsafe (SERVICE, update, outside graph)
    ├── NoPathError (exit 1): no path within the hop budget
    ├── ValidationFailed (exit 1): the data was read but breaks a rule
    ├── QueryTimeout (exit 5): a query ran past its time limit and was stopped
    ├── QueryMemoryError (exit 8): a query went over its memory limit and was stopped
    ├── QueryCrashed (exit 9): the process running a query died without an answer
    ├── WriteError (exit 6): an output file cannot be written
    └── RemoteStoreError (exit 7): a remote SPARQL store is unreachable, too slow, or answered with an error

The CLI turns every KGError into its message on stderr and its exit code; no
traceback reaches the user.
"""

__all__ = [
    "AmbiguousNameError",
    "KGError",
    "MalformedInputError",
    "NoPathError",
    "QueryCrashed",
    "QueryMemoryError",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "QueryTooComplex",
    "UnknownNameError",
    "UserInputError",
    "ValidationFailed",
    "RemoteStoreError",
    "WriteError",
]


class KGError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1


class UserInputError(KGError):
    """Bad input from the user: a name, an option, a file."""

    exit_code = 2


class UnknownNameError(UserInputError):
    """No entity answers to a name."""

    def __init__(self, name, suggestions=()):
        self.name = name
        self.suggestions = list(suggestions)
        msg = f"no entity is called {name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class AmbiguousNameError(UserInputError):
    """Several entities answer to a name."""

    def __init__(self, name, candidates):
        self.name = name
        self.candidates = list(candidates)
        super().__init__(
            f"{name!r} is ambiguous; it could be: " + ", ".join(self.candidates)
        )


class MalformedInputError(UserInputError):
    """A data, ontology or catalogue file cannot be parsed."""


class ValidationFailed(KGError):
    """The data was read but breaks one or more rules."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) found")


class WriteError(KGError):
    """An output file cannot be written; any existing file is left as it was."""

    exit_code = 6


class RemoteStoreError(KGError):
    """A remote SPARQL store did not answer in time or answered with an error (its message is kept)."""

    exit_code = 7


class QuerySyntaxError(UserInputError):
    """The query does not parse; the message gives line and column."""

    exit_code = 3


class QueryTooComplex(QuerySyntaxError):
    """The query is longer or more deeply nested than the limits allow; it is refused before any parser reads it."""


class QueryRefused(UserInputError):
    """The query asks for something unsafe (update, SERVICE, LOAD, a graph outside the project)."""

    exit_code = 4


class QueryTimeout(KGError):
    """The query ran past its time limit and was stopped."""

    exit_code = 5


class NoPathError(KGError):
    """No path within the budget; names the nearest nodes that were reachable."""

    exit_code = 1


class QueryMemoryError(KGError):
    """The query needed more memory than its limit and was stopped."""

    exit_code = 8


class QueryCrashed(KGError):
    """The process running the query died without an answer (the message says how)."""

    exit_code = 9
