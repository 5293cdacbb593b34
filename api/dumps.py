"""Dumps at stable URLs, and the dataset description (VoID and DCAT) that points to them.

- ``GET /dumps/seckg.{ttl,nt,jsonld,trig,nq}``: the whole graph of the build in service, as
  the store gives it (:meth:`kg.stores.handle.Handle.dump`): the embedded store writes each
  format once per build and serves the file, so a dump always matches the graph served; a
  store over HTTP writes the triple formats at each request and has no ``.trig`` or ``.nq``
  (404: it keeps no graph per document). ``ETag`` and ``Last-Modified`` let harvesters poll
  cheaply: ``If-None-Match`` / ``If-Modified-Since`` get 304, before any dump is written.
- ``GET /dumps`` (also ``/.well-known/void``): a ``void:Dataset`` and ``dcat:Dataset`` with
  licence (CC BY 4.0), version, size, example resources, the SPARQL endpoint and one
  ``dcat:Distribution`` per dump; Turtle, JSON-LD, N-Triples or JSON. A distribution's
  ``dcat:byteSize`` is given once the dump has been written, never guessed before.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from starlette.responses import FileResponse, Response

from api.answers import Answer, etag_of
from api.links import base_url
from api.pages import render
from api.representation import represent
from kg.ask import tables
from kg.errors import NotFound
from kg.formats import HTML, JSON, JSON_LD, N_TRIPLES, RESOURCE_TYPES, TURTLE, choose, split_suffix
from kg.vocab import BASE, DCAT, DCT, FOAF, ID, OA, PROV, RDF, SECKG, SKOS, VOID, XSD

router = APIRouter(tags=["dumps"])

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DATASET = BASE + "dataset"
TABLES = "seckg-tables.zip"
TWINS = [("json", "JSON", JSON), ("ttl", "Turtle", TURTLE), ("jsonld", "JSON-LD", JSON_LD),
         ("nt", "N-Triples", N_TRIPLES)]
PUBLISHER = "The seckg project contributors"
DESCRIPTION = ("How states and alliances designate one another (ally, partner, concern, challenge, rival, threat, "
               "enemy...) in their official strategy documents: every designation with its verbatim evidence, "
               "document, section, source and verification, and the category changes between editions.")
VOCABULARIES = tuple(str(ns) for ns in (SECKG, SKOS, DCT, PROV, OA))


def _time(stamp: str) -> datetime:
    """A build's ``built`` time (ISO 8601, UTC)."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@router.get(f"/dumps/{TABLES}", summary="The dataset as CSV tables with a Frictionless datapackage.json, zipped "
                                        "(for R, Stata and spreadsheets)")
def get_tables(request: Request) -> Response:
    """``seckg export --format datapackage`` of the build in service, made once per build."""
    store = request.app.state.store.get()
    info = request.app.state.store.info()
    etag = f'"{info["build"]}-{TABLES}"'
    modified = _time(info["built"])
    headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": "public, max-age=300", "Content-Disposition": f'attachment; filename="{TABLES}"'}
    if _not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    kept = request.app.state.kept.get(info["build"], TABLES)  # beside the GET answers (api/answers.py)
    if kept is None:
        body = zipped(store)
        kept = Answer([], body, etag_of(body))
        request.app.state.kept.put(info["build"], TABLES, kept)
    return Response(kept.body, media_type="application/zip", headers=headers)


def zipped(store: Any) -> bytes:
    """The data package of ``store`` as the bytes of a ZIP archive."""
    with tempfile.TemporaryDirectory() as folder:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in tables.export(store, Path(folder)):
                archive.write(path, f"seckg/{path.name}")
        return out.getvalue()


@router.get("/dumps/{name}", summary="A dump of the whole graph (seckg.ttl, .nt, .jsonld, .trig, .nq)")
def get_dump(request: Request, name: str) -> Response:
    dump = request.app.state.store.dump(name)  # NotFound if the store has no such dump
    etag = f'"{dump.build}-{name}"'
    modified = _time(dump.built)
    headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
               "Cache-Control": "public, max-age=300"}
    if _not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    content = dump.content()
    if isinstance(content, Path):
        return FileResponse(content, media_type=dump.media_type, headers=headers,
                            filename=name, content_disposition_type="inline")
    return Response(content, media_type=dump.media_type,
                    headers={**headers, "Content-Disposition": f'inline; filename="{name}"'})


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
    info = request.app.state.store.describe()
    base = base_url(request)
    dataset = DATASET  # stable, whatever address serves it; w3id/.htaccess sends it to /dumps
    counts = info.get("counts", {})
    store = request.app.state.store.get()
    examples = _examples(store)
    distributions = [{"url": f"{base}/dumps/{name}", "media_type": meta["media_type"], "bytes": meta.get("bytes"),
                      "format": meta["format"]} for name, meta in sorted(info.get("dumps", {}).items())]
    distributions.append({"url": f"{base}/dumps/{TABLES}", "media_type": "application/zip", "bytes": None,
                          "format": "csv"})  # the data package: tables for R, Stata and spreadsheets
    data = {
        "iri": dataset, "url": f"{base}/dumps", "title": "Security designations knowledge graph",
        "description": DESCRIPTION, "publisher": PUBLISHER, "creator": PUBLISHER,
        "contact": f"{base}/about", "license": LICENSE,
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
        ox.Triple(d, DCT.description, ox.Literal(DESCRIPTION, language="en")),
        ox.Triple(d, DCT.publisher, ox.Literal(PUBLISHER)),
        ox.Triple(d, DCT.creator, ox.Literal(PUBLISHER)),
        ox.Triple(d, DCAT.landingPage, nn(f"{base}/")),
        ox.Triple(d, FOAF.page, nn(f"{base}/dumps")),
        ox.Triple(d, DCAT.contactPoint, nn(f"{base}/about")),
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
    if choose(request.headers.get("accept"), [*RESOURCE_TYPES, HTML]) == HTML:  # a browser
        base = base_url(request)
        return render(request, "dumps.html", title=data["title"], data=data,
                      twins=[(label, f"{base}/dumps.{ext}", kind) for ext, label, kind in TWINS])
    return represent(request, data, lambda: triples)


@router.get("/dumps.{extension}", include_in_schema=False)
def get_dataset_as(request: Request, extension: str) -> Response:
    """The dataset description in one representation: ``/dumps.json``, ``.ttl``, ``.jsonld``, ``.nt``."""
    _, forced = split_suffix(f"dumps.{extension}")
    if forced is None:
        raise NotFound(f"no dumps.{extension}: json, ttl, jsonld or nt")
    data, triples = describe_dataset(request)
    return represent(request, data, lambda: triples, forced)


@router.get("/.well-known/void", summary="The dataset description, at the address VoID recommends")
def well_known_void(request: Request) -> Response:
    return get_dataset(request)
