"""``kg build``, ``validate``, ``stats``, ``diff``, ``ingest`` and ``export``: the data and its build."""

import sys
from pathlib import Path

import click

from graph.cli.common import build_of, echo_json, format_option, knowledge, lang_option, project_of
from graph.errors import ValidationFailed

__all__ = ["build", "validate", "stats", "diff", "ingest", "export"]


@click.command()
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

    result = do_build(project_of(ctx), force=force)
    m = result.manifest
    state = "built" if result.fresh else "up to date"
    click.echo(f"{state}: {m['triples']} triples from {m['records']} records ({result.dataset})")


@click.command()
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

    problems = do_validate(project_of(ctx), shacl=not no_shacl)
    if problems:
        raise ValidationFailed(problems)
    click.echo("valid: no problems found")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def stats(ctx, fmt):
    """Counts per class and per document, and the share of facts cited.

    \b
    Example:
      kg stats --format json
    """
    from graph.dataset.stats import format_stats

    manifest = build_of(ctx).manifest
    if fmt == "json":
        echo_json(manifest)
    else:
        click.echo(format_stats(manifest))


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences (as git diff --exit-code).")
@lang_option
@format_option("text", "json")
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

    d = compare(project_of(ctx), old, new)
    if fmt == "json":
        echo_json(d)
    else:
        click.echo(format_diff(d, lang))
    if exit_code and has_differences(d):
        ctx.exit(1)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", metavar="REVIEW.yaml",
              help="Also write a review file in the data format ('-' for stdout); never inside data/.")
@format_option("text", "json")
@lang_option
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

    project = project_of(ctx)
    if output and output != "-":
        check_output_path(project, output, source=file)
    text = read_document(file)
    result = read_in(knowledge(ctx).workspace, text, document_name(project, file))
    if output == "-":
        click.echo(render_review(result, lang, source=file), nl=False)
        return
    if output:
        write_review(output, render_review(result, lang, source=file))
    if fmt == "json":
        echo_json(result)
    else:
        click.echo(format_report(result, lang))
    if output:
        click.echo(f"wrote {output}: {len(result['candidates'])} candidates, {len(result['pairs'])} proposed "
                   "relations, for review", err=True)


@click.command()
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

    message = do_export(knowledge(ctx).workspace, fmt, output, stdout=sys.stdout.buffer)
    if message:
        click.echo(message, err=True)
