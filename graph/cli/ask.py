"""``kg sparql``, ``path``, ``show``, ``search``, ``centrality`` and ``connectivity``: questions to the graph."""

import json
from pathlib import Path

import click

from graph.cli.common import (as_of_option, echo_json, endpoint_option, format_option, knowledge, lang_option,
                              remember, remote_options)
from graph.errors import UserInputError

__all__ = ["sparql", "path", "centrality", "show", "search", "connectivity"]


@click.command()
@click.argument("query", required=False)
@click.option("--name", "name", help="Run a query of the named library (see --list).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of a named query.")
@click.option("--list", "list_", is_flag=True, help="List the named queries.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle", "nt", "jsonld"]),
              default="table", show_default=True, help="Output format.")
@click.option("--timeout", type=float, default=30.0, show_default=True, callback=remember,
              help="Time limit in seconds (with --endpoint: for the store's answer).")
@click.option("--memory", type=click.IntRange(64, 1 << 20), default=1024, show_default=True, metavar="MB",
              help="Memory limit of the query process in megabytes, the loaded graph included.")
@endpoint_option
@click.pass_context
def sparql(ctx, query, name, params, list_, fmt, timeout, memory):
    """Run a read-only SPARQL query: a string, a .rq file, or a named query.

    The prefixes kg, kgid, rdf, rdfs, owl, xsd, skos, prov, org, dcterms,
    schema, foaf and time are bound. SERVICE, LOAD, updates and FROM with
    outside IRIs are refused. Exit 3 on a syntax error or a query over the
    size and nesting limits, 4 on a refused query, 5 when the time limit
    stops the query, 8 when the memory limit does.

    With --endpoint URL the query runs on a shared SPARQL store instead (see
    kg publish), after the same safety check, with the same prefixes
    declared and the same output formats; a store that rejects the query
    as malformed (HTTP 400) gives exit 3 with its message, any other
    failure of the store (an HTTP error, no answer within --timeout, a
    refused connection) exit 7.

    \b
    Example:
      kg sparql 'SELECT (COUNT(?m) AS ?n) WHERE { ?m kg:partOf kgid:genesis-mission ; a kg:Mission }'
      kg sparql --name agreements-between --param a=Korea --param b=US
      kg sparql --list
      kg sparql --endpoint http://127.0.0.1:7878/query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from graph.store.named import NamedQuery, library
    from graph.store.results import format_result
    from graph.store.sparql import run_query

    if list_:
        for q in library():
            args = " ".join(f"--param {k}={d}" for k, (_, d) in q.params.items())
            click.echo(f"{q.name}  {args}".rstrip())
            click.echo(f"    {q.en}\n    {q.ko}")
        return
    ws = knowledge(ctx).workspace
    if name:
        given = {}
        for item in params:
            key, sep, value = item.partition("=")
            if not sep:
                raise UserInputError(f"--param {item!r} must look like KEY=VALUE")
            given[key.strip()] = value.strip()
        query = NamedQuery.load(name).fill(given, ws.resolve)
    elif not query:
        raise UserInputError("give a query string, a .rq file, or --name NAME (see --list)")
    else:
        path = Path(query)
        if "\n" not in query and len(query) < 4096 and path.suffix in (".rq", ".sparql"):
            try:
                query = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UserInputError(f"cannot read query file {path}: {getattr(exc, 'strerror', exc)}") from None
    if ctx.obj.get("endpoint"):
        from graph.serve.remote import run_remote_query

        answer = run_remote_query(ctx.obj["endpoint"], query, timeout=timeout)
        click.echo(format_result(answer, fmt))
        if answer.get("note"):
            click.echo(f"kg: {answer['note']}", err=True)
        return
    click.echo(format_result(run_query(ws.store, query, timeout=timeout, memory=memory, trusted=bool(name)), fmt))


@click.command()
@click.argument("source")
@click.argument("target")
@click.option("--k", "k", type=click.IntRange(1, 50), default=5, show_default=True, help="How many paths.")
@click.option("--max-hops", type=click.IntRange(1, 12), default=4, show_default=True, help="Longest path allowed.")
@click.option("--via", multiple=True, metavar="CLASS", help="The path must pass a node of this class (e.g. Agreement).")
@click.option("--avoid", multiple=True, metavar="ENTITY", help="An entity the path may not pass through.")
@as_of_option
@lang_option
@format_option("text", "json")
@remote_options
@click.pass_context
def path(ctx, source, target, k, max_hops, via, avoid, as_of, lang, fmt):
    """How SOURCE connects to TARGET: the shortest chains of relations, each hop cited.

    \b
    Example:
      kg path Korea ANL
      kg path 한국 아르곤 --lang ko
      kg path Korea ANL --as-of 2025-06-01 --via Agreement --format json
      kg path Korea ANL --endpoint http://127.0.0.1:7878/query
    """
    from graph.network.pathfinder import path_report

    click.echo(path_report(knowledge(ctx).workspace, source, target, k=k, max_hops=max_hops, via=via, avoid=avoid,
                           as_of=as_of, lang=lang, fmt=fmt))


@click.command()
@click.option("--measure", type=click.Choice(["degree", "betweenness", "closeness", "pagerank", "eigenvector"]),
              default="betweenness", show_default=True)
@click.option("--type", "types", multiple=True, metavar="CLASS", help="Only entities of this class (e.g. Lab, Agency).")
@click.option("--top", type=click.IntRange(1, 10000), default=20, show_default=True)
@as_of_option
@lang_option
@format_option("text", "json", "csv")
@remote_options
@click.pass_context
def centrality(ctx, measure, types, top, as_of, lang, fmt):
    """Rank entities by centrality in the network (who brokers between whom).

    With --as-of the scores are computed afresh on the network of that date.

    \b
    Example:
      kg centrality --measure betweenness --type Agency --top 10
      kg centrality --as-of 2025-06-01 --type Lab
    """
    from graph.network.centrality import format_centrality

    answer = knowledge(ctx).centrality(measure=measure, types=types, top=top, as_of=as_of, lang=lang)
    if fmt == "json":
        echo_json(answer)
    else:
        click.echo(format_centrality(answer, fmt))


@click.command()
@click.argument("entity")
@lang_option
@format_option("text", "json")
@remote_options
@click.pass_context
def show(ctx, entity, lang, fmt):
    """Labels, aliases, type and every relation of ENTITY with its citation.

    \b
    Example:
      kg show 과기정통부
      kg show "RIKEN BNL Research Center" --format json
    """
    from graph.reports.show import format_show

    answer = knowledge(ctx).show(entity)
    click.echo(json.dumps(answer, ensure_ascii=False, indent=1) if fmt == "json" else format_show(answer, lang))


@click.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--type", "types", multiple=True, metavar="CLASS", help="Only entities of this class.")
@lang_option
@format_option("text", "json")
@remote_options
@click.pass_context
def search(ctx, text, limit, types, lang, fmt):
    """Find entities by English or Korean name or alias, best match first.

    \b
    Example:
      kg search 연구소
      kg search argonne --format json
    """
    answer = knowledge(ctx).search(text, limit=limit, types=types, lang=lang)
    if fmt == "json":
        echo_json(answer)
        return
    if not answer["results"]:
        raise UserInputError(f"nothing matches {text!r}" + (f" among {', '.join(types)}" if types else ""))
    for r in answer["results"]:
        click.echo(f"{r['score']:.2f}  {r['label']}  ({r['id']}, {r['type']})")


@click.command()
@click.argument("first")
@click.argument("second")
@as_of_option
@lang_option
@format_option("text", "json")
@click.pass_context
def connectivity(ctx, first, second, as_of, lang, fmt):
    """How robustly FIRST and SECOND are connected: independent paths and minimum cuts (Menger).

    Node-independent paths share no intermediate actor or agreement; the
    minimum node cut is the smallest set of them whose removal disconnects
    the two; edge counts and cuts likewise for relations. Counted on the
    relations of cooperation (not designations, rival programs or candidate
    hosts) in force on --as-of (default: today), so proposals never count.

    \b
    Example:
      kg connectivity Korea ANL
      kg connectivity Japan "Genesis Mission" --as-of 2025-12-31 --format json
    """
    from graph.network.connect import connectivity_report

    click.echo(connectivity_report(knowledge(ctx).workspace, first, second, as_of=as_of, lang=lang, fmt=fmt))
