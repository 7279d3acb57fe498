"""What every ``kg`` command shares: the project and knowledge graph of the invocation, and the options
that several commands take (``--endpoint``, ``--timeout``, ``--lang``, ``--as-of``, ``--format``)."""

import json

import click

from graph.errors import UserInputError

__all__ = ["as_of_option", "build_of", "echo_json", "endpoint_option", "format_option", "knowledge", "lang_option",
           "project_of", "remember", "remote_options", "scope_options"]


def project_of(ctx):
    """The :class:`~graph.project.Project` chosen by ``kg --data``."""
    return ctx.obj["project"]


def build_of(ctx):
    """The project's build, made now if the cache is missing or stale."""
    from graph.dataset.build import ensure_built

    return ensure_built(project_of(ctx))


def knowledge(ctx):
    """The :class:`~graph.api.KnowledgeGraph` of this invocation: local, or with ``--endpoint`` the shared store's."""
    kg = ctx.obj.get("kg")
    if kg is not None:
        return kg
    from graph.api import KnowledgeGraph

    endpoint, timeout = ctx.obj.get("endpoint"), ctx.obj.get("timeout")
    resident = ctx.command.name == "serve"  # the one command that lives on: its store is held in memory
    if endpoint:
        from graph.serve.mirror import RemoteWorkspace  # urllib and the remote modules load only here

        kg = KnowledgeGraph(_workspace=RemoteWorkspace(project_of(ctx), endpoint, timeout, resident))
    else:
        if timeout is not None and ctx.command.name != "sparql":
            raise UserInputError("--timeout applies only with --endpoint URL")
        from graph.workspace import Workspace

        kg = KnowledgeGraph(_workspace=Workspace(project_of(ctx), resident))
    ctx.obj["kg"] = kg
    return kg


def echo_json(answer):
    """Print one answer dict as indented UTF-8 JSON (the ``--format json`` of every command)."""
    click.echo(json.dumps(answer, ensure_ascii=False, indent=1))


def remember(ctx, param, value):
    """Keep an option's value in ``ctx.obj`` for :func:`knowledge`."""
    ctx.ensure_object(dict)[param.name] = value
    return value


def endpoint_option(f):
    """``--endpoint URL``: read the graph from the SPARQL endpoint of a shared store."""
    return click.option("--endpoint", metavar="URL", callback=remember, expose_value=False,
                        help="Read the graph from this SPARQL query endpoint of a shared store "
                             "(after kg publish), e.g. http://127.0.0.1:7878/query.")(f)


def remote_options(f):
    """``--endpoint`` with its ``--timeout``."""
    f = click.option("--timeout", type=click.FloatRange(0, min_open=True), metavar="S", callback=remember,
                     expose_value=False, help="With --endpoint: seconds to wait for the store  [default: 30]")(f)
    return endpoint_option(f)


def lang_option(f):
    """``--lang en|ko``: the language of labels and sentences."""
    return click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
                        help="Language of labels and sentences.")(f)


def as_of_option(f):
    """``--as-of DATE``: only what had happened and was in force on that date."""
    return click.option("--as-of", "as_of", metavar="DATE",
                        help="Only what had happened and was in force on this date.")(f)


def scope_options(f):
    """``--include-proposed`` and ``--all-relations``: what a path may follow besides cooperation in force."""
    f = click.option("--all-relations", "all_relations", is_flag=True,
                     help="Also follow relations that are no cooperation (designations, bans, rival programs).")(f)
    return click.option("--include-proposed", "include_proposed", is_flag=True,
                        help="Let proposals, plans and things under review in (marked with their status).")(f)


def format_option(*choices):
    """``--format`` with these ``choices``, the first the default."""
    def deco(f):
        return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0],
                            show_default=True, help="Output format.")(f)
    return deco

