"""``kg viz``, ``compare`` and ``timeline``: answers drawn as maps, figures and pages."""

import click

from graph.cli.common import as_of_option, format_option, knowledge, lang_option

__all__ = ["viz", "compare", "timeline"]


@click.command()
@click.option("--all", "all_", is_flag=True, help="The whole network.")
@click.option("--ego", metavar="ENTITY", help="One entity and its neighbourhood.")
@click.option("--radius", type=click.IntRange(1, 5), default=1, show_default=True, help="Hops around --ego.")
@click.option("--path", "path_", nargs=2, metavar="FROM TO", help="The paths kg path gives between two entities, one lane each.")
@click.option("--program", metavar="ENTITY", help="A program with its missions, participants and agreements.")
@click.option("--type", "types", multiple=True, metavar="CLASS", help="Every entity of these classes.")
@as_of_option
@lang_option
@click.option("-o", "--output", required=True, metavar="FILE.html|.png|.svg",
              help="Where to write: an HTML page ('-' for stdout), or a PNG or SVG figure for reports.")
@click.pass_context
def viz(ctx, all_, ego, radius, path_, program, types, as_of, lang, output):
    """Write an interactive HTML map that opens offline in any browser, or a report figure.

    Node size shows betweenness centrality; colour and shape show the class;
    proposals, plans and things under review are faded with dashed borders,
    restrictions ringed in dark red. Positions are computed here with a fixed
    seed (a path map in lanes from FROM to TO, ego and program maps in columns
    by distance, the whole map grouped by country), so the page looks the same
    on every load; it carries its own Korean font.
    With -o FILE.png or FILE.svg the same map is drawn as a static figure,
    A4 wide (PNG at 200 dpi), Korean set in the NanumGothic font that the
    project installs (koreanize-matplotlib); an SVG keeps text as outlines.

    \b
    Example:
      kg viz --path Korea ANL -o korea-anl.html
      kg viz --ego RIKEN --radius 2 --lang ko -o riken.html
      kg viz --path Korea ANL --lang ko -o korea-anl.png
    """
    from graph.render.mapview import draw, map_kind, select_view

    map_kind(output)
    ws = knowledge(ctx).workspace
    view = select_view(ws, ego=ego, radius=radius, path=path_, program=program, types=types, all=all_, as_of=as_of)
    for line in draw(ws, output, view, lang=lang):
        click.echo(line, err=True)


@click.command()
@click.argument("first")
@click.argument("second")
@click.option("--to", "target", required=True, metavar="TARGET", help="The program, country or lab to compare towards.")
@click.option("--max-hops", type=click.IntRange(1, 8), default=4, show_default=True,
              help="Longest route counted as a channel.")
@as_of_option
@lang_option
@format_option("text", "json")
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
    from graph.render.mapview import View, draw, map_kind
    from graph.reports.compare import format_compare, map_nodes

    if output:
        map_kind(output)
    kg = knowledge(ctx)
    result = kg.compare(first, second, target, max_hops=max_hops, as_of=as_of, lang=lang)
    click.echo(format_compare(result, fmt, lang))
    if output:
        title = f"{result['sides'][0]['entity']['label']} / {result['sides'][1]['entity']['label']} → " \
                f"{result['target']['label']} ({result['as_of']})"
        highlight = (result["target"]["id"], *(x["entity"]["id"] for x in result["sides"]))
        if map_kind(output) == "html":  # the page with the findings beside the map
            from graph.render.compare_page import write_compare

            lines = write_compare(kg.workspace, output, result, title, lang=lang)
        else:
            lines = draw(kg.workspace, output, View(kg.network(), map_nodes(result), title, highlight), lang=lang)
        for line in lines:
            click.echo(line, err=True)


@click.command()
@click.option("--actor", metavar="ENTITY", help="Only events about this actor (for a country: its whole side).")
@click.option("--from", "start", metavar="DATE", help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Latest date; a year or month reaches its last day.")
@lang_option
@format_option("text", "json")
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
    from graph.render.timeline_page import write_timeline
    from graph.reports.timeline import format_timeline

    kg = knowledge(ctx)
    result = kg.timeline(actor=actor, start=start, end=end, lang=lang)
    click.echo(format_timeline(result, fmt, lang))
    if output:
        span = " – ".join(x for x in (start, end) if x)
        title = "Timeline" + (f": {kg.workspace.names.label(result['actor'], lang)}" if actor else "") + (f" ({span})" if span else "")
        write_timeline(output, result, kg.network(), title, lang)
        if output != "-":
            click.echo(f"wrote {output}: {len(result['events'])} events", err=True)
