"""Dumps at stable URLs, and the dataset description (VoID and DCAT) that points to them.

- ``GET /dumps/seckg.{ttl,nt,jsonld,trig,nq}``: the whole graph of the build in service. The
  build writes the N-Quads one; the first request for another writes it from that build's
  store into the build's ``dumps/`` folder (once, whatever the number of concurrent
  requests and API processes: :func:`kg.ask.export.cached_dump`), and later requests are served
  from the file; so a dump always matches the graph served. With a store over HTTP, ``.ttl``, ``.nt`` and
  ``.jsonld`` are written on demand from the store at every request, and ``.trig`` and
  ``.nq`` are 404: the store keeps no graph per document. ``ETag`` and ``Last-Modified``
  let harvesters poll cheaply: ``If-None-Match`` / ``If-Modified-Since`` get 304.
- ``GET /dumps`` (also ``/.well-known/void``): a ``void:Dataset`` and ``dcat:Dataset`` with
  licence (CC BY 4.0), version, size, example resources, the SPARQL endpoint and one
  ``dcat:Distribution`` per dump; Turtle, JSON-LD, N-Triples or JSON. A distribution's
  ``dcat:byteSize`` is given once the dump has been written, never guessed before.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from starlette.responses import FileResponse, Response

from api.links import base_url
from api.representation import represent
from kg.ask.export import cached_dump, export, written_size
from kg.errors import NotFound
from kg.formats import Format, catalogue, dump_file
from kg.stores import is_remote
from kg.stores.disk import build_info, dumps_dir, store_dir
from kg.vocab import DCAT, DCT, ID, OA, PROV, RDF, SECKG, SKOS, VOID, XSD

router = APIRouter(tags=["dumps"])

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
VOCABULARIES = tuple(str(ns) for ns in (SECKG, SKOS, DCT, PROV, OA))


# With a store over HTTP, the triple formats are written on demand from the store (one
# CONSTRUCT per request; ETag and Last-Modified still let harvesters poll cheaply). The
# dataset formats keep one graph per document, which only the embedded store has.
REMOTE_DUMPS = catalogue([f for f in Format if not f.is_dataset])
DATASET_DUMPS = {dump_file(f) for f in Format if f.is_dataset}


def _build(request: Request) -> tuple[Path | None, dict[str, Any]]:
    """The build in service: its directory (None on a remote store) and its info."""
    handle = request.app.state.store
    if is_remote(handle):
        return None, {**handle.info(), "dumps": REMOTE_DUMPS}
    build = handle.path()
    info = {"build": build.name, **build_info(build)}
    info["dumps"] = {name: {**meta, "bytes": written_size(dumps_dir(build), name)}
                     for name, meta in info.get("dumps", {}).items()}
    return build, info


def _built(info: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(info["built"].replace("Z", "+00:00"))


@router.get("/dumps/{name}", summary="A dump of the whole graph (seckg.ttl, .nt, .jsonld, .trig, .nq)")
def get_dump(request: Request, name: str) -> Response:
    handle = request.app.state.store
    remote = handle.get() if is_remote(handle) else None  # one read of the build in service, for info and data
    build, info = (None, {**remote.info, "dumps": REMOTE_DUMPS}) if remote is not None else _build(request)
    meta = info.get("dumps", {}).get(name)
    if meta is None and remote is not None and name in DATASET_DUMPS:
        raise NotFound(f"no dump {name!r} from a remote store: it keeps the graph as one graph, not one per "
                       "document; /dumps lists the dumps there are")
    if meta is None:
        raise NotFound(f"no dump {name!r}; see /dumps for the list")
    etag = f'"{info["build"]}-{name}"'
    modified = _built(info)
    headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": "public, max-age=300"}
    if _not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    if remote is not None:
        body = export(remote, Format(meta["format"])) or b""
        return Response(body, media_type=meta["media_type"],
                        headers={**headers, "Content-Disposition": f'inline; filename="{name}"'})
    assert build is not None
    fmt, store_path = Format(meta["format"]), str(store_dir(build))
    try:  # from this build's own store, even if another build is switched in meanwhile
        path = cached_dump(lambda: ox.Store.read_only(store_path), dumps_dir(build), fmt)
    except PermissionError:  # a build directory the service may not write to: a dump for this request only
        body = export(ox.Store.read_only(store_path), fmt) or b""
        return Response(body, media_type=meta["media_type"],
                        headers={**headers, "Content-Disposition": f'inline; filename="{name}"'})
    return FileResponse(path, media_type=meta["media_type"], headers=headers,
                        filename=name, content_disposition_type="inline")


def _not_modified(request: Request, etag: str, modified: datetime) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        return etag in [t.strip() for t in match.split(",")] or match.strip() == "*"
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _examples(store: ox.Store) -> list[str]:
    """A category move, its issuer and its newer document: resources that show what the graph is about."""
    move = next(iter(store.quads_for_pattern(None, RDF.type, SECKG.CategoryMove)), None)
    if move is None:
        return []
    found = [str(move.subject.value)]  # type: ignore[union-attr]
    for prop in ("issuer", "toDocument"):
        q = next(iter(store.quads_for_pattern(move.subject, SECKG[prop], None)), None)
        if q is not None:
            found.append(str(q.object.value))  # type: ignore[union-attr]
    return found


def describe_dataset(request: Request) -> tuple[dict[str, Any], list[ox.Triple]]:
    """The dataset description as JSON and as VoID/DCAT triples."""
    _, info = _build(request)
    base = base_url(request)
    dataset = f"{base}/dumps"
    counts = info.get("counts", {})
    store = request.app.state.store.get()
    examples = _examples(store)
    distributions = [{"url": f"{base}/dumps/{name}", "media_type": meta["media_type"], "bytes": meta.get("bytes"),
                      "format": meta["format"]} for name, meta in sorted(info.get("dumps", {}).items())]
    data = {
        "iri": dataset, "title": "Security designations knowledge graph", "license": LICENSE,
        "version": info["build"], "modified": info["built"], "triples": counts.get("quads"),
        "documents": counts.get("documents"), "designations": counts.get("designations"),
        "sparql_endpoint": f"{base}/sparql", "uri_space": ID.root,
        "example_resources": examples, "distributions": distributions,
    }

    def nn(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def lit(value: Any, datatype: ox.NamedNode | None = None) -> ox.Literal:
        return ox.Literal(str(value), datatype=datatype)

    d = nn(dataset)
    triples = [
        ox.Triple(d, RDF.type, VOID.Dataset),
        ox.Triple(d, RDF.type, DCAT.Dataset),
        ox.Triple(d, DCT.title, ox.Literal(data["title"], language="en")),
        ox.Triple(d, DCT.license, nn(LICENSE)),
        ox.Triple(d, DCT.modified, lit(info["built"], XSD.dateTime)),
        ox.Triple(d, DCAT.version, lit(info["build"])),
        ox.Triple(d, VOID.sparqlEndpoint, nn(data["sparql_endpoint"])),
        ox.Triple(d, VOID.uriSpace, lit(data["uri_space"])),
        ox.Triple(d, VOID.triples, lit(counts.get("quads", 0), XSD.integer)),
    ]
    triples += [ox.Triple(d, VOID.vocabulary, nn(v)) for v in VOCABULARIES]
    triples += [ox.Triple(d, VOID.exampleResource, nn(e)) for e in examples]
    for dist in distributions:
        node = nn(dist["url"])
        triples += [
            ox.Triple(d, VOID.dataDump, node),
            ox.Triple(d, DCAT.distribution, node),
            ox.Triple(node, RDF.type, DCAT.Distribution),
            ox.Triple(node, DCAT.downloadURL, node),
            ox.Triple(node, DCAT.mediaType, lit(dist["media_type"])),
            ox.Triple(node, DCT.license, nn(LICENSE)),
        ]
        if dist["bytes"] is not None:  # unknown until the dump is written (always, from a remote store)
            triples.append(ox.Triple(node, DCAT.byteSize, lit(dist["bytes"], XSD.integer)))
    return data, triples


@router.get("/dumps", summary="The dataset description (VoID and DCAT) with every dump")
def get_dataset(request: Request) -> Response:
    data, triples = describe_dataset(request)
    return represent(request, data, lambda: triples)


@router.get("/.well-known/void", summary="The dataset description, at the address VoID recommends")
def well_known_void(request: Request) -> Response:
    return get_dataset(request)
