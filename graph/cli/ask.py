"""``kg sparql``, ``path``, ``show``, ``search``, ``centrality`` and ``connectivity``: questions to the graph."""

from pathlib import Path

import click

from graph.cli.common import (as_of_option, echo_json, endpoint_option, format_option, knowledge, lang_option,
                              remember, remote_options, scope_options)
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
@click.option("--max-hops", type=click.IntRange(1, 12), default=5, show_default=True, help="Longest path allowed.")
@click.option("--via", multiple=True, metavar="CLASS", help="The path must pass a node of this class (e.g. Agreement).")
@click.option("--avoid", multiple=True, metavar="ENTITY", help="An entity the path may not pass through.")
@click.option("--rank", type=click.Choice(["specific", "hops"]), default="specific", show_default=True,
              help="specific: hops plus a charge for hubs (see above); hops: plain hop counting.")
@scope_options
@as_of_option
@lang_option
@format_option("text", "json")
@remote_options
@click.pass_context
def path(ctx, source, target, k, max_hops, via, avoid, rank, include_proposed, all_relations, as_of, lang, fmt):
    """How SOURCE connects to TARGET: the cheapest chains of relations, each hop cited.

    Paths follow relations of cooperation and structure in force: a
    designation, ban or tariff is never a connection, and proposals, plans
    and things under review enter only with --include-proposed (then marked
    with their status).

    Chains are ranked by cost, lowest first: 1 per hop, plus a charge for
    each hub passed in the middle of the chain, since a hub ties anything
    to anything: +2 for a country (being based in, or agreeing with, the
    same country says nothing specific), and +0.25 x log2(links / 8) for
    any node with more than 8 links (about +0.8 for the Genesis Mission).
    So a collaboration, an agreement between institutions or a lab-to-lab
    tie comes before a chain through the United States. Each path shows its
    cost and the reason; --rank hops counts hops only.

    \b
    Example:
      kg path Korea ANL
      kg path 한국 아르곤 --lang ko
      kg path Korea ANL --as-of 2025-06-01 --via Agreement --format json
      kg path Korea ANL --include-proposed --rank hops --k 3
      kg path Korea ANL --endpoint http://127.0.0.1:7878/query
    """
    from graph.network.pathfinder import path_report

    click.echo(path_report(knowledge(ctx).workspace, source, target, k=k, max_hops=max_hops, via=via, avoid=avoid,
                           as_of=as_of, lang=lang, fmt=fmt, include_proposed=include_proposed,
                           all_relations=all_relations, rank=rank))


@click.command()
@click.option("--measure", type=click.Choice(["degree", "betweenness", "closeness", "pagerank", "eigenvector"]),
              default="betweenness", show_default=True)
@click.option("--type", "types", multiple=True, metavar="CLASS",
              help="Only entities of this class (e.g. Lab, Agency). Default: actors and programs.")
@click.option("--top", type=click.IntRange(1, 10000), default=20, show_default=True)
@click.option("--network", type=click.Choice(["cooperation", "whole"]), default="cooperation", show_default=True,
              help="cooperation: relations of cooperation in force, without 'based in' hub edges; "
                   "whole: every relation and every node (the ranking before v0.2).")
@as_of_option
@lang_option
@format_option("text", "json", "csv")
@remote_options
@click.pass_context
def centrality(ctx, measure, types, top, network, as_of, lang, fmt):
    """Rank entities by centrality in the network (who brokers between whom).

    By default the network is cooperation among actors and programs: no
    proposal, plan or thing under review, no designation, ban, tariff or
    rival program, and no 'based in' edges (which make every country a hub
    of its own organisations). Agreements and collaborations bridge the
    actors but are not ranked unless --type asks for them. --network whole
    ranks every node on every relation. With --as-of the scores are
    computed afresh on the network of that date.

    \b
    Example:
      kg centrality --top 10
      kg centrality --measure betweenness --type Agency --top 10
      kg centrality --as-of 2025-06-01 --type Lab
      kg centrality --network whole --measure eigenvector --format csv
    """
    from graph.reports.ranking import format_centrality

    answer = knowledge(ctx).centrality(measure=measure, types=types, top=top, network=network, as_of=as_of, lang=lang)
    click.echo(format_centrality(answer, fmt, lang))


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
    if fmt == "json":
        echo_json(answer)
    else:
        click.echo(format_show(answer, lang))


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

    Ranked by the words of the query (rarer words weigh more; acronyms such
    as US or DOE match the words they stand for; Korean matches with or
    without spaces and particles), by the whole name, and by close spelling.
    --type filters before --limit.

    \b
    Example:
      kg search 연구소
      kg search argonne --format json
      kg search korea --type Lab --limit 5
      kg search "US-Japan Science and Technology Cooperation Agreement"
    """
    from graph.reports.lookup import format_search

    click.echo(format_search(knowledge(ctx).search(text, limit=limit, types=types, lang=lang), fmt))


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
