"""The ``kg`` command line: thin wrappers over the library.

Every command parses its options, makes one library call and prints the
result. Library errors (:mod:`graph.errors`) become their message on stderr
and their exit code; no traceback reaches the user.
"""

import json
import sys
from pathlib import Path

import click

from .errors import KGError, ValidationFailed
from .project import Project

__all__ = ["main"]


class _Group(click.Group):
    """A click group that turns library errors into messages and exit codes."""

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


def _project(ctx):
    return ctx.obj["project"]


def _build(ctx):
    from .build import ensure_built

    return ensure_built(_project(ctx))


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


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even when the cache is up to date.")
@click.pass_context
def build(ctx, force):
    """Compile ontology and data into the cached dataset.

    Every other command does this by itself when ontology or data changed.

    \b
    Example:
      kg build --force
    """
    from .build import build as do_build

    result = do_build(_project(ctx), force=force)
    m = result.manifest
    state = "built" if result.fresh else "up to date"
    click.echo(f"{state}: {m['triples']} triples from {m['records']} records ({result.dataset})")


@main.command()
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL shapes (record checks only).")
@click.pass_context
def validate(ctx, no_shacl):
    """Check the data: SHACL, ids, references, dates, labels, every quote.

    Prints every problem with file, line, record id and field. Exit 0 when
    the data is clean, 1 on violations, 2 on unreadable or malformed files.

    \b
    Example:
      kg validate
      kg --data tests/fixtures/invalid/date-2024-13-45.yaml validate
    """
    from .validate import validate as do_validate

    problems = do_validate(_project(ctx), shacl=not no_shacl)
    if problems:
        raise ValidationFailed(problems)
    click.echo("valid: no problems found")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def stats(ctx, fmt):
    """Counts per class and per document, and the share of facts cited.

    \b
    Example:
      kg stats --format json
    """
    from .stats import format_stats

    manifest = _build(ctx).manifest
    if fmt == "json":
        click.echo(json.dumps(manifest, ensure_ascii=False, indent=1))
    else:
        click.echo(format_stats(manifest))


@main.command()
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle", "nt", "jsonld"]),
              default="table", show_default=True, help="Output format.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Time limit in seconds.")
@click.pass_context
def sparql(ctx, query, fmt, timeout):
    """Run a read-only SPARQL query (a string or a file).

    The prefixes kg, rdf, rdfs, owl, xsd, skos, prov, org, dcterms, schema,
    foaf and time are bound. SERVICE, LOAD, updates and FROM with outside
    IRIs are refused. Exit 3 on a syntax error, 4 on a refused query, 5 when
    the time limit stops the query.

    \b
    Example:
      kg sparql 'SELECT (COUNT(?m) AS ?n) WHERE { ?m kg:partOf kgid:genesis-mission ; a kg:Mission }'
    """
    from .errors import UserInputError
    from .results import format_result
    from .sparql import run_query
    from .store import open_store

    if not query:
        raise UserInputError("give a query string or a file")
    path = Path(query)
    if "\n" not in query and len(query) < 4096 and path.suffix in (".rq", ".sparql") :
        try:
            query = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserInputError(f"cannot read query file {path}: {exc.strerror}") from None
    store = open_store(_build(ctx))
    click.echo(format_result(run_query(store, query, timeout=timeout), fmt))


if __name__ == "__main__":  # pragma: no cover
    main()
