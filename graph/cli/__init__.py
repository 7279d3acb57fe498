"""The ``kg`` command line: a thin client of :class:`graph.api.KnowledgeGraph`.

Every command parses its options, makes one library call and prints the
answer (``--format json`` prints exactly the dict the library returns).
Library errors (:mod:`graph.errors`) become their message on stderr and
their exit code; no traceback reaches the user.

The commands live by theme: :mod:`.data` (build, validate, stats, diff,
ingest, export), :mod:`.ask` (sparql, path, show, search, centrality,
connectivity), :mod:`.draw` (viz, compare, timeline) and :mod:`.share`
(publish, serve); :mod:`.common` holds the shared options.
"""

import errno
import os
import sys
from importlib import import_module
from pathlib import Path

import click

from graph.errors import KGError, ValidationFailed
from graph.project import Project

__all__ = ["COMMANDS", "main"]

#: the module of :mod:`graph.cli` each command lives in: a command imports only its own module
COMMANDS = {"build": "data", "validate": "data", "stats": "data", "diff": "data", "ingest": "data",
            "export": "data", "sparql": "ask", "path": "ask", "show": "ask", "search": "ask",
            "centrality": "ask", "connectivity": "ask", "viz": "draw", "compare": "draw", "timeline": "draw",
            "publish": "share", "serve": "share"}


class _Group(click.Group):
    """A click group that loads a command's module when it is called and turns library errors into
    messages and exit codes."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        module = COMMANDS.get(name)
        return getattr(import_module(f"graph.cli.{module}"), name) if module else None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"kg: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KGError as exc:
            click.echo(f"kg: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRORS:
                raise
            _silence_stdout()  # what is still buffered would fail again at exit
            click.echo(f"kg: cannot write the output: {exc.strerror}", err=True)
            ctx.exit(6)


_OUTPUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def _silence_stdout():
    """Point standard output at /dev/null, so that flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="A data folder or one YAML file to use instead of the project's data/.")
@click.version_option(package_name="ai4s-kg", prog_name="kg")
@click.pass_context
def main(ctx, data):
    """Knowledge graph of AI-for-science actors, programs and agreements.

    \b
    Example:
      kg validate
      kg sparql --name missions-of-program --param program=genesis-mission
    """
    ctx.ensure_object(dict)
    ctx.obj["project"] = Project.default(data=data)


if __name__ == "__main__":  # pragma: no cover
    main()
