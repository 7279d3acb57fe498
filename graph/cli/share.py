"""``kg publish`` and ``kg serve``: the graph in a shared store, or served as a SPARQL endpoint."""

import sys

import click

from graph.cli.common import build_of, knowledge

__all__ = ["publish", "serve"]


@click.command()
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
    line, warning = do_publish(build_of(ctx), endpoint=endpoint, update_endpoint=update_endpoint,
                               query_endpoint=query_endpoint, timeout=timeout, progress=say)
    click.echo(line)
    if warning:
        click.echo(f"kg: {warning}", err=True)


@click.command()
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
@click.option("--threads", type=click.IntRange(1, 256), default=32, show_default=True,
              help="Requests handled at once; each waits for a query process (--workers), quick queries first.")
@click.option("--memory", type=click.IntRange(64, 1 << 20), default=1024, show_default=True, metavar="MB",
              help="Memory limit of each query's process in megabytes, the loaded graph included (503 above).")
@click.option("--workers", type=click.IntRange(1, 64), metavar="N",
              help="Query processes started with the server, each answering one query at a time "
                   "[default: four per CPU, so quick queries need not wait for slow ones, as many as fit in memory at --memory].")
@click.pass_context
def serve(ctx, host, port, timeout, max_rows, max_body, cors, threads, memory, workers):
    """Serve a read-only SPARQL 1.1 endpoint at /sparql and a query page at /.

    GET, POST form and POST application/sparql-query; answers in SPARQL
    JSON, XML, CSV, TSV, or Turtle, N-Triples, JSON-LD, RDF/XML for
    CONSTRUCT and DESCRIBE (by Accept). Updates, SERVICE, LOAD and graphs
    outside the project get 403. GET /sparql without a query gives the
    service description. SIGTERM or Ctrl-C stops it after the requests in
    flight finish. Exit 2 when the port is in use.

    Queries run in --workers processes started with the server, each
    holding the graph, kept off the network and the file system, and
    answering one query at a time; one past --timeout or --memory is killed
    and replaced, and its request gets 503 with nothing partial.

    \b
    Example:
      kg serve
      kg serve --port 8080 --timeout 5 --max-rows 5000
      kg serve --workers 4
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s a kg:Lab } LIMIT 3' http://127.0.0.1:7878/sparql
    """
    import gc

    from graph.serve.server import serve as run_server

    gc.enable()  # kg lives on here: the collector the one-shot kg switched off (graph.console) comes back
    run_server(knowledge(ctx).workspace, host=host, port=port, timeout=timeout, max_rows=max_rows, max_body=max_body,
               cors=cors, threads=threads, memory=memory, workers=workers, say=click.echo)
