"""Errors raised by the library, each with the exit code the CLI gives it.

Hierarchy::

    KGError (exit 1)
    ├── UserInputError (exit 2): something the user typed or pointed at is wrong
    │   ├── UnknownNameError: no entity has that name (carries suggestions)
    │   ├── AmbiguousNameError: several entities have that name (carries candidates)
    │   └── MalformedInputError: a data, ontology or catalogue file cannot be read
    ├── ValidationFailed (exit 1): the data was read but breaks a rule
    ├── WriteError (exit 6): an output file cannot be written
    └── RemoteStoreError (exit 7): a remote SPARQL store is unreachable, too slow, or answered with an error

The CLI turns every KGError into its message on stderr and its exit code; no
traceback reaches the user.
"""

__all__ = [
    "AmbiguousNameError",
    "KGError",
    "MalformedInputError",
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
