"""The ``kg`` command line: thin wrappers over the library.

Every command parses its options, makes one library call and prints the
result. Library errors (:mod:`graph.errors`) become their message on stderr
and their exit code; no traceback reaches the user.
"""

import json
import sys
from pathlib import Path

import click

from graph.errors import KGError, UserInputError, ValidationFailed
from graph.project import Project

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
    from graph.dataset.build import ensure_built

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
    from graph.dataset.build import build as do_build

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
    from graph.source.validate import validate as do_validate

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
    from graph.dataset.stats import format_stats

    manifest = _build(ctx).manifest
    if fmt == "json":
        click.echo(json.dumps(manifest, ensure_ascii=False, indent=1))
    else:
        click.echo(format_stats(manifest))


def _workspace(ctx):
    """The local workspace, or with ``--endpoint`` one mirrored from that SPARQL store."""
    ws = ctx.obj.get("workspace")
    if ws is not None:
        return ws
    endpoint, timeout = ctx.obj.get("endpoint"), ctx.obj.get("timeout")
    if endpoint:
        from graph.serve.mirror import RemoteWorkspace  # urllib and the remote modules load only here

        ws = RemoteWorkspace(_project(ctx), endpoint, timeout)
    else:
        if timeout is not None and ctx.command.name != "sparql":
            raise UserInputError("--timeout applies only with --endpoint URL")
        from graph.workspace import Workspace

        ws = Workspace(_project(ctx))
    ctx.obj["workspace"] = ws
    return ws


def _remember(ctx, param, value):
    """Keep an option's value in ``ctx.obj`` for :func:`_workspace`."""
    ctx.ensure_object(dict)[param.name] = value
    return value


def _endpoint_option(f):
    return click.option("--endpoint", metavar="URL", callback=_remember, expose_value=False,
                        help="Read the graph from this SPARQL query endpoint of a shared store "
                             "(after kg publish), e.g. http://127.0.0.1:7878/query.")(f)


def _remote_options(f):
    f = click.option("--timeout", type=click.FloatRange(0, min_open=True), metavar="S", callback=_remember,
                     expose_value=False, help="With --endpoint: seconds to wait for the store  [default: 30]")(f)
    return _endpoint_option(f)


def _lang_option(f):
    return click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
                        help="Language of labels and sentences.")(f)


def _as_of_option(f):
    return click.option("--as-of", "as_of", metavar="DATE",
                        help="Only what had happened and was in force on this date.")(f)


def _scope_options(f):
    f = click.option("--all-relations", "all_relations", is_flag=True,
                     help="Also follow relations that are no cooperation (designations, bans, rival programs).")(f)
    return click.option("--include-proposed", "include_proposed", is_flag=True,
                        help="Let proposals, plans and things under review in (marked with their status).")(f)


def _format_option(*choices):
    def deco(f):
        return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0],
                            show_default=True, help="Output format.")(f)
    return deco


@main.command()
@click.argument("query", required=False)
@click.option("--name", "name", help="Run a query of the named library (see --list).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of a named query.")
@click.option("--list", "list_", is_flag=True, help="List the named queries.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle", "nt", "jsonld"]),
              default="table", show_default=True, help="Output format.")
@click.option("--timeout", type=float, default=30.0, show_default=True, callback=_remember,
              help="Time limit in seconds (with --endpoint: for the store's answer).")
@_endpoint_option
@click.pass_context
def sparql(ctx, query, name, params, list_, fmt, timeout):
    """Run a read-only SPARQL query: a string, a .rq file, or a named query.

    The prefixes kg, kgid, rdf, rdfs, owl, xsd, skos, prov, org, dcterms,
    schema, foaf and time are bound. SERVICE, LOAD, updates and FROM with
    outside IRIs are refused. Exit 3 on a syntax error, 4 on a refused query,
    5 when the time limit stops the query.

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
    from graph.errors import UserInputError
    from graph.store.named import NamedQuery, library
    from graph.store.results import format_result
    from graph.store.sparql import run_query

    if list_:
        for q in library():
            args = " ".join(f"--param {k}={d}" for k, (_, d) in q.params.items())
            click.echo(f"{q.name}  {args}".rstrip())
            click.echo(f"    {q.en}\n    {q.ko}")
        return
    ws = _workspace(ctx)
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

        click.echo(format_result(run_remote_query(ctx.obj["endpoint"], query, timeout=timeout), fmt))
        return
    click.echo(format_result(run_query(ws.store, query, timeout=timeout), fmt))


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--k", "k", type=click.IntRange(1, 50), default=5, show_default=True, help="How many paths.")
@click.option("--max-hops", type=click.IntRange(1, 12), default=5, show_default=True, help="Longest path allowed.")
@click.option("--via", multiple=True, metavar="CLASS", help="The path must pass a node of this class (e.g. Agreement).")
@click.option("--avoid", multiple=True, metavar="ENTITY", help="An entity the path may not pass through.")
@click.option("--rank", type=click.Choice(["specific", "hops"]), default="specific", show_default=True,
              help="specific: hops plus a charge for hubs (see above); hops: plain hop counting.")
@_scope_options
@_as_of_option
@_lang_option
@_format_option("text", "json")
@_remote_options
@click.pass_context
def path(ctx, source, target, k, max_hops, via, avoid, rank, include_proposed, all_relations, as_of, lang, fmt):
    """How SOURCE connects to TARGET: the cheapest chains of relations, each hop cited.

    Paths follow relations of cooperation and structure in force: a
    designation, ban or tariff is never a connection, and proposals, plans
    and things under review enter only with --include-proposed (then marked
    with their status).

    Chains are ranked by cost, lowest first: 1 per hop, plus a charge for
    each hub passed in the middle of the chain, since a hub ties anything
    to anything: +1.0 for a country (being based in, or agreeing with, the
    same country says nothing specific), +0.25 x log2(links / 8) for any
    other node with more than 8 links (+0.78 for the Genesis Mission's 70).
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

    out = path_report(_workspace(ctx), source, target, k=k, max_hops=max_hops, via=via, avoid=avoid,
                      as_of=as_of, lang=lang, fmt=fmt, include_proposed=include_proposed,
                      all_relations=all_relations, rank=rank)
    click.echo(out)


@main.command()
@click.option("--measure", type=click.Choice(["degree", "betweenness", "closeness", "pagerank", "eigenvector"]),
              default="betweenness", show_default=True)
@click.option("--type", "types", multiple=True, metavar="CLASS",
              help="Only entities of this class (e.g. Lab, Agency). Default: actors and programs.")
@click.option("--top", type=click.IntRange(1, 10000), default=20, show_default=True)
@click.option("--network", type=click.Choice(["cooperation", "whole"]), default="cooperation", show_default=True,
              help="cooperation: relations of cooperation in force, without 'based in' hub edges; "
                   "whole: every relation and every node (the ranking before v0.2).")
@_as_of_option
@_lang_option
@_format_option("text", "json", "csv")
@_remote_options
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
    from graph.reports.ranking import centrality as rank_entities, format_centrality

    result = rank_entities(_workspace(ctx), measure=measure, types=types, top=top, as_of=as_of, network=network,
                           lang=lang)
    click.echo(format_centrality(result, fmt, lang))


@main.command()
@click.argument("entity")
@_lang_option
@_format_option("text", "json")
@_remote_options
@click.pass_context
def show(ctx, entity, lang, fmt):
    """Labels, aliases, type and every relation of ENTITY with its citation.

    \b
    Example:
      kg show 과기정통부
      kg show "RIKEN BNL Research Center" --format json
    """
    from graph.reports.show import describe, format_show

    ws = _workspace(ctx)
    d = describe(ws, ws.resolve(entity))
    click.echo(json.dumps(d, ensure_ascii=False, indent=1) if fmt == "json" else format_show(d, lang))


@main.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--type", "types", multiple=True, metavar="CLASS", help="Only entities of this class.")
@_lang_option
@_format_option("text", "json")
@_remote_options
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
    from graph.reports.lookup import format_search, search as find_entities

    click.echo(format_search(find_entities(_workspace(ctx), text, limit=limit, types=types, lang=lang), fmt))


def _map_kind(output):
    """``html``, ``png`` or ``svg`` from the name of the output file ('-' is HTML on stdout)."""
    kinds = {".html": "html", ".htm": "html", ".png": "png", ".svg": "svg"}
    if output == "-":
        return "html"
    if Path(output).suffix.lower() not in kinds:
        raise UserInputError(f"cannot tell the format of {output!r}: end it in .html (a map), .png or .svg "
                             "(a figure), or give '-' for HTML on stdout")
    return kinds[Path(output).suffix.lower()]


def _write_map(ws, output, g, nodes, title, lang, highlight=(), kind="html"):
    """Draw ``nodes`` of ``g`` as an offline HTML map (or a PNG/SVG figure) at ``output``; say so on stderr."""
    from graph.network.centrality import load_centrality

    if kind in ("png", "svg"):
        from graph.render.figure import write_figure  # matplotlib is imported only on this path

        info = write_figure(output, g, nodes, load_centrality(ws.build, ws.network)["betweenness"], lang=lang,
                            title=title, highlight=highlight)
        if info["missing"]:
            click.echo("kg: note: the bundled Korean font has no glyph for " + " ".join(info["missing"]), err=True)
        click.echo(f"wrote {output}: {info['nodes']} nodes, {info['edges']} edges, "
                   f"{info['labelled']} labelled ({kind.upper()}, A4 wide)", err=True)
        return
    from graph.render.viz import build_data, write_map

    data = build_data(g, nodes, load_centrality(ws.build, ws.network)["betweenness"], lang=lang, title=title,
                      highlight=highlight)
    for node in data["nodes"]:
        entry = ws.names.entries.get(node["id"])
        node["aliases"] = entry["aliases"] if entry else []
    write_map(output, data)
    if output != "-":
        click.echo(f"wrote {output}: {len(data['nodes'])} nodes, {len(data['edges'])} edges", err=True)


@main.command()
@click.argument("first")
@click.argument("second")
@click.option("--to", "target", required=True, metavar="TARGET", help="The program, country or lab to compare towards.")
@click.option("--max-hops", type=click.IntRange(1, 8), default=4, show_default=True,
              help="Longest route counted as a channel.")
@_as_of_option
@_lang_option
@_format_option("text", "json")
@click.option("-o", "--output", metavar="FILE.html|.png|.svg",
              help="Also draw the comparison: an offline HTML map or a report figure.")
@click.pass_context
def compare(ctx, first, second, target, max_hops, as_of, lang, fmt, output):
    """Compare how FIRST and SECOND are tied to TARGET, side by side, every line cited.

    Agreements (count, oldest, newest, kinds, levels), standing joint
    institutions on the target's side, labs reached, the shortest hop count,
    separate channels with their brokers, and what one has that the other
    lacks. Counted on what was in force on --as-of (default: today).

    \b
    Example:
      kg compare Japan Korea --to "Genesis Mission"
      kg compare 일본 한국 --to 제네시스 --lang ko --as-of 2025-06-01 -o compare.html
    """
    from graph.reports.compare import compare as do_compare, format_compare, map_nodes

    kind = _map_kind(output) if output else None
    ws = _workspace(ctx)
    result = do_compare(ws, first, second, target, as_of=as_of, max_hops=max_hops, lang=lang)
    click.echo(format_compare(result, fmt, lang))
    if output:
        title = f"{result['sides'][0]['entity']['label']} / {result['sides'][1]['entity']['label']} → " \
                f"{result['target']['label']} ({result['as_of']})"
        _write_map(ws, output, ws.network, map_nodes(result), title, lang,
                   highlight=(result["target"]["id"], *(s["entity"]["id"] for s in result["sides"])), kind=kind)


@main.command()
@click.option("--actor", metavar="ENTITY", help="Only events about this actor (for a country: its whole side).")
@click.option("--from", "start", metavar="DATE", help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Latest date; a year or month reaches its last day.")
@_lang_option
@_format_option("text", "json")
@click.option("-o", "--output", metavar="FILE.html", help="Also write the timeline as an offline HTML page.")
@click.pass_context
def timeline(ctx, actor, start, end, lang, fmt, output):
    """Agreements, launches, designations and milestones in date order, each cited.

    The precision of each date (year, month, day) is shown as the source gives it.

    \b
    Example:
      kg timeline --actor Japan
      kg timeline --from 2025-10 --to 2025-10 --lang ko -o october.html
    """
    from graph.render.atomic import write_text
    from graph.reports.timeline import format_timeline, render_timeline_html, timeline as do_timeline

    ws = _workspace(ctx)
    result = do_timeline(ws, actor=actor, start=start, end=end, lang=lang)
    click.echo(format_timeline(result, fmt, lang))
    if output:
        span = " – ".join(x for x in (start, end) if x)
        title = "Timeline" + (f": {ws.names.label(result['actor'], lang)}" if actor else "") + (f" ({span})" if span else "")
        page = render_timeline_html(result, title, lang)
        if output == "-":
            click.echo(page)
        else:
            write_text(output, page)
            click.echo(f"wrote {output}: {len(result['events'])} events", err=True)


@main.command()
@click.argument("first")
@click.argument("second")
@_as_of_option
@_lang_option
@_format_option("text", "json")
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
      kg connectivity Japan "Genesis Mission" --as-of 2025-06-01 --format json
    """
    from graph.network.connect import connectivity_report

    click.echo(connectivity_report(_workspace(ctx), first, second, as_of=as_of, lang=lang, fmt=fmt))


@main.command()
@click.option("--all", "all_", is_flag=True, help="The whole network.")
@click.option("--ego", metavar="ENTITY", help="One entity and its neighbourhood.")
@click.option("--radius", type=click.IntRange(1, 5), default=1, show_default=True, help="Hops around --ego.")
@click.option("--path", "path_", nargs=2, metavar="FROM TO", help="The shortest paths between two entities.")
@click.option("--program", metavar="ENTITY", help="A program with its missions, participants and agreements.")
@click.option("--type", "types", multiple=True, metavar="CLASS", help="Every entity of these classes.")
@_as_of_option
@_lang_option
@click.option("-o", "--output", required=True, metavar="FILE.html|.png|.svg",
              help="Where to write: an HTML page ('-' for stdout), or a PNG or SVG figure for reports.")
@click.pass_context
def viz(ctx, all_, ego, radius, path_, program, types, as_of, lang, output):
    """Write an interactive HTML map that opens offline in any browser, or a report figure.

    Node size shows betweenness centrality; colour and shape show the class.
    With -o FILE.png or FILE.svg the same map is drawn as a static figure,
    A4 wide (PNG at 200 dpi), Korean set in the NanumGothic font that the
    project installs (koreanize-matplotlib); an SVG keeps text as outlines.

    \b
    Example:
      kg viz --path Korea ANL -o korea-anl.html
      kg viz --ego RIKEN --radius 2 --lang ko -o riken.html
      kg viz --path Korea ANL --lang ko -o korea-anl.png
    """
    from graph.network.pathfinder import check_date, class_names
    from graph.network.paths import filter_as_of
    from graph.render.viz import select

    kind = _map_kind(output)
    chosen = [m for m, on in (("all", all_), ("ego", ego), ("path", path_), ("program", program),
                              ("type", types)) if on]
    if len(chosen) != 1:
        raise UserInputError("choose exactly one of --all, --ego, --path, --program, --type")
    ws = _workspace(ctx)
    g = ws.network
    date = check_date(as_of)
    if date:
        g = filter_as_of(g, date)
    mode, kw, highlight = chosen[0], {}, ()
    if mode == "ego":
        kw = {"center": ws.resolve(ego, in_network=True), "radius": radius}
        highlight = (kw["center"],)
    elif mode == "path":
        kw = {"source": ws.resolve(path_[0], in_network=True), "target": ws.resolve(path_[1], in_network=True)}
        highlight = (kw["source"], kw["target"])
    elif mode == "program":
        kw = {"program": ws.resolve(program, in_network=True)}
        highlight = (kw["program"],)
    elif mode == "type":
        kw = {"types": class_names(types)}
    for node in kw.values():
        if isinstance(node, str) and node not in g:
            raise UserInputError(f"{node} is not in the network on {as_of}")
    nodes = select(g, mode, **kw)
    if mode == "path":
        from graph.network.paths import find_paths

        highlight = {n for p in find_paths(g, kw["source"], kw["target"]) for n in p["nodes"]}
    labels = {"all": "whole network", "ego": f"around {ego}", "path": f"{path_[0]} → {path_[1]}" if path_ else "",
              "program": str(program), "type": ", ".join(types)}
    title = f"AI-for-science policy map: {labels[mode]}" + (f" (as of {date})" if date else "")
    _write_map(ws, output, g, nodes, title, lang, highlight=highlight, kind=kind)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences (as git diff --exit-code).")
@_lang_option
@_format_option("text", "json")
@click.pass_context
def diff(ctx, old, new, exit_code, lang, fmt):
    """What changed from OLD to NEW: entities, relations, statuses, dates, sources.

    OLD and NEW are each a git revision of the project (HEAD~3, a tag, a
    hash), WORKTREE (or .) for the working files, or a build: a folder
    holding dataset.nt (such as .kg-cache/<key>/) or the file itself. A
    revision is built in a temporary folder; your cache is not touched.

    \b
    Example:
      kg diff HEAD~1 WORKTREE
      kg diff HEAD~3 HEAD --format json --lang ko
      kg diff old-build/ .kg-cache/<key>/dataset.nt --exit-code
    """
    from graph.dataset.diff import compare, format_diff, has_differences

    d = compare(_project(ctx), old, new)
    click.echo(json.dumps(d, ensure_ascii=False, indent=1) if fmt == "json" else format_diff(d, lang))
    if exit_code and has_differences(d):
        ctx.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="REVIEW.yaml",
              help="Also write a review file in the data format ('-' for stdout); never inside data/.")
@_format_option("text", "json")
@_lang_option
@click.pass_context
def ingest(ctx, file, output, fmt, lang):
    """Read a new document (UTF-8, Korean or English) and draft what it adds.

    Lists the known entities it mentions (also with Korean particles attached:
    아르곤국립연구소와, 과기정통부는), candidate new actors (acronyms, Korean
    names ending in 부, 청, 원, 연구소, 위원회, 대학교 …) and pairs of known
    entities named in one sentence, with that sentence as a proposed quote.
    With -o it writes a review file for a person to curate; it never edits data/.

    \b
    Example:
      kg ingest article.txt
      kg ingest article.txt -o article-review.yaml
      kg ingest article.txt --format json
    """
    from graph.source.ingest import check_output_path, document_name, format_report, ingest as read_in
    from graph.source.ingest import read_document, render_review, write_review

    project = _project(ctx)
    if output and output != "-":
        check_output_path(project, output, source=file)
    text = read_document(file)
    result = read_in(_workspace(ctx), text, document_name(project, file))
    if output == "-":
        click.echo(render_review(result, lang, source=file), nl=False)
        return
    if output:
        write_review(output, render_review(result, lang, source=file))
    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if fmt == "json" else format_report(result, lang))
    if output:
        click.echo(f"wrote {output}: {len(result['candidates'])} candidates, {len(result['pairs'])} proposed "
                   "relations, for review", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "nt", "jsonld", "graphml", "gexf", "csv"]),
              default=None, help="Output format (default: from the suffix of FILE).")
@click.option("-o", "--output", required=True, metavar="FILE", help="Where to write ('-' for stdout).")
@click.pass_context
def export(ctx, fmt, output):
    """Export the whole graph as RDF, GraphML, GEXF or CSV.

    \b
    ttl, nt, jsonld  every triple, provenance (kg:Statement) included
    trig             the same in two named graphs: .../graph/ontology
                     (the ontology files) and .../graph/data (the rest)
    graphml, gexf    the network for Gephi: type, label_en, label_ko,
                     date, end_date, status, iri and five centralities on
                     nodes; relation, label, date and first source on edges
    csv              nodes at FILE, edges beside it at FILE-edges
                     (graph.csv -> graph-edges.csv), UTF-8 with a
                     byte-order mark so Excel shows Korean; to '-' both
                     tables, a blank line between, without the mark

    Files are written atomically: an export that fails (exit 6) leaves any
    existing file as it was.

    \b
    Example:
      kg export --format ttl -o graph.ttl
      kg export -o graph.gexf
      kg export --format csv -o graph.csv
      kg export --format nt -o - | wc -l
    """
    from graph.render.export import export as do_export

    message = do_export(_workspace(ctx), fmt, output, stdout=sys.stdout.buffer)
    if message:
        click.echo(message, err=True)


@main.command()
@click.option("--endpoint", metavar="URL", help="The store's Graph Store Protocol endpoint (PUT replaces each graph).")
@click.option("--update-endpoint", metavar="URL", help="The store's SPARQL Update endpoint, for stores without the "
              "Graph Store Protocol.")
@click.option("--query-endpoint", metavar="URL", help="Count each graph afterwards through this query endpoint.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=30.0, show_default=True, metavar="S",
              help="Seconds to wait for the store on each request.")
@click.option("--quiet", is_flag=True, help="No progress lines on stderr.")
@click.pass_context
def publish(ctx, endpoint, update_endpoint, query_endpoint, timeout, quiet):
    """Load the graph into a shared SPARQL store; publishing again replaces the copy.

    Both named graphs go to the store under their own IRIs,
    https://w3id.org/ai4s-kg/graph/ontology and .../graph/data: with
    --endpoint by the SPARQL 1.1 Graph Store HTTP Protocol (one PUT per
    graph), or with --update-endpoint by SPARQL Update (INSERT DATA in
    chunks into a staging graph, then MOVE onto the graph). Either way the
    previous copy is replaced, not added to. With --query-endpoint each
    graph is counted afterwards.

    kg sparql/path/show/search/centrality --endpoint QUERY_URL then read the
    store. For the same queries to give the same answers as locally, the
    store's default graph must be the union of its named graphs: Oxigraph
    `serve --union-default-graph`, Fuseki `tdb2:unionDefaultGraph true`;
    GraphDB and Virtuoso do this by default. A user name and password may
    be given in the URL (https://user:secret@host/...). Exit 7 when the
    store fails, with its own message.

    \b
    Endpoints:  Graph Store Protocol       query
      Oxigraph  http://HOST:7878/store     http://HOST:7878/query
      Fuseki    http://HOST:3030/DS/data   http://HOST:3030/DS/sparql
      GraphDB   http://HOST:7200/repositories/REPO/rdf-graphs/service
                                           http://HOST:7200/repositories/REPO

    \b
    Example:
      kg publish --endpoint http://127.0.0.1:7878/store --query-endpoint http://127.0.0.1:7878/query
      kg publish --update-endpoint http://127.0.0.1:7878/update
    """
    from graph.serve.publish import publish as do_publish

    terminal = not quiet and sys.stderr.isatty()  # progress only where someone watches
    say = (lambda text: click.echo(text, err=True)) if terminal else None
    line, warning = do_publish(_build(ctx), endpoint=endpoint, update_endpoint=update_endpoint,
                               query_endpoint=query_endpoint, timeout=timeout, progress=say)
    click.echo(line)
    if warning:
        click.echo(f"kg: {warning}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port; the URL is printed).")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True,
              help="Time limit per query in seconds; a query past it is answered 503.")
@click.option("--max-rows", type=click.IntRange(1, 10_000_000), default=10000, show_default=True,
              help="Most rows (or triples) in an answer; a cut answer says so.")
@click.option("--max-body", type=click.IntRange(1024, 1 << 30), default=1 << 20, show_default=True,
              help="Largest request body in bytes (413 above it).")
@click.option("--cors", metavar="ORIGIN", help="Allow browser pages from this origin (e.g. https://example.org, "
              "or *) to query; without it no CORS header is sent.")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Requests served at once.")
@click.pass_context
def serve(ctx, host, port, timeout, max_rows, max_body, cors, threads):
    """Serve a read-only SPARQL 1.1 endpoint at /sparql and a query page at /.

    GET, POST form and POST application/sparql-query; answers in SPARQL
    JSON, XML, CSV, TSV, or Turtle, N-Triples, JSON-LD, RDF/XML for
    CONSTRUCT and DESCRIBE (by Accept). Updates, SERVICE, LOAD and graphs
    outside the project get 403. GET /sparql without a query gives the
    service description. SIGTERM or Ctrl-C stops it after the requests in
    flight finish. Exit 2 when the port is in use.

    \b
    Example:
      kg serve
      kg serve --port 8080 --timeout 5 --max-rows 5000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s a kg:Lab } LIMIT 3' http://127.0.0.1:7878/sparql
    """
    from graph.serve.server import serve as run_server

    run_server(_workspace(ctx), host=host, port=port, timeout=timeout, max_rows=max_rows, max_body=max_body,
               cors=cors, threads=threads, say=click.echo)


if __name__ == "__main__":  # pragma: no cover
    main()
