"""Every quote of a held text located in it, and the graph told where.

For each document whose text the project holds (:mod:`kg.pipeline.texts`), every quote in
the text's language is looked for in the text (:mod:`kg.pipeline.locate`):

- found: the evidence becomes a Web Annotation quote selector (``oa:prefix``,
  ``oa:suffix``) of a passage (``seckg:passage``, an IRI ending ``#char=start,end`` as
  RFC 5147 names a span of plain text) with its position selector (``oa:start``,
  ``oa:end``); ``seckg:throughCorrection`` says it reads a recorded correction;
- claimed as the document's own words (``verbatim-official``) and not found: an error at
  the quote's line, naming the closest passage of the text;
- found but marked ``verbatim-secondary`` or ``unverified``: listed, so that a curator can
  raise it, unless the held text is itself not a faithful copy (``faithful: false``), where
  ``verbatim-official`` is refused instead; not found and not claimed official: ``seckg:notFoundIn`` the text.

The held texts themselves are in their own graph (``id/graph/texts``): their characters as
served and quoted (``cnt:chars``: the file with its corrections), title, language, licence,
rights, origin, how they were made, checksum and corrections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import SeedError
from kg.pipeline.locate import Found, Matcher
from kg.pipeline.seeds import DocumentSeed, Located, Seeds, designation_local_id
from kg.pipeline.texts import HeldText
from kg.vocab import CNT, DCT, GRAPH_TEXTS, ID, OA, PROV, RDF, RDFS, SECKG, XSD, document_graph

OFFICIAL = "verbatim-official"
SHOWN = 160  # characters of the closest passage an error shows


@dataclass
class QuoteCheck:
    """What locating the quotes found: the quads to add, the errors, and the figures."""

    quads: list[ox.Quad] = field(default_factory=list)
    errors: list[SeedError] = field(default_factory=list)
    located: int = 0
    corrected: int = 0
    not_found: int = 0
    raisable: list[str] = field(default_factory=list)  # "file:line" of found quotes not marked official

    def counts(self) -> dict[str, int]:
        return {"quotes_located": self.located, "quotes_through_correction": self.corrected,
                "quotes_not_found": self.not_found, "quotes_to_raise": len(self.raisable)}


def check_quotes(seeds: Seeds, held: dict[str, HeldText]) -> QuoteCheck:
    """Locate the quotes of every document of ``seeds`` whose text is in ``held``."""
    check = QuoteCheck()
    for held_text in held.values():
        check.quads += _describe(held_text, held_text.document in seeds.documents, _actor(seeds, held_text.seed.issuer))
    for doc_id, (doc, where) in seeds.documents.items():
        text = held.get(doc_id)
        if text is not None:
            _check_document(doc, where, text, check)
    return check


def _same_language(lang: str, text_lang: str) -> bool:
    return lang.lower().split("-")[0] == text_lang.lower().split("-")[0]


def _check_document(doc: DocumentSeed, where: Located, text: HeldText, check: QuoteCheck) -> None:
    matcher = Matcher(text.text, start=text.words_start, skip=text.ignored)
    graph = document_graph(doc.id)
    implies = {s.id: s.implies for s in doc.sections if s.implies}
    for i, des in enumerate(doc.designations):
        designation = ID.designation(doc.id, designation_local_id(des, implies))
        for j, ev in enumerate(des.evidence):
            if not _same_language(ev.lang, text.seed.language):
                continue
            line = where.line("designations", i, "evidence", j, "quote")
            evidence = ID.evidence(designation, j + 1)
            found = matcher.find(ev.quote)
            if found is None:
                if ev.verification == OFFICIAL:
                    check.errors.append(_not_found(where.file, line, ev.quote, text, matcher))
                else:
                    check.not_found += 1
                    check.quads.append(ox.Quad(evidence, SECKG.notFoundIn, ID.text(text.document), graph))
                continue
            check.located += 1
            through = any(s < found.end and found.start < e for s, e in text.corrected)
            check.corrected += through
            if ev.verification == OFFICIAL and not text.seed.faithful:
                check.errors.append(SeedError(where.file, line, (
                    f"this quote is marked verbatim-official, but the held text of {doc.id} is not a "
                    f"faithful copy of the official text (texts.yaml: faithful: false): mark it "
                    f"verbatim-secondary, or quote a faithful copy")))
            elif ev.verification != OFFICIAL and text.seed.faithful:
                check.raisable.append(f"{where.file}:{line}")
            check.quads += _passage(evidence, text.document, found, through, graph)


def _not_found(file: Path, line: int, quote: str, text: HeldText, matcher: Matcher) -> SeedError:
    start, end = matcher.closest(quote)
    shown = " ".join(text.text[start:end].split())
    if len(shown) > SHOWN:
        shown = shown[:SHOWN] + "..."
    ours, theirs = matcher.difference(quote, start)
    differs = f"; they first differ where the quote reads \"{ours}\" and the text \"{theirs}\"" if ours else ""
    return SeedError(file, line, f"quote marked verbatim-official is not in the held text of {text.document} "
                                 f"(seeds/texts/{text.seed.file}); the closest passage, at #char={start},{end}: "
                                 f"\"{shown}\"{differs}")


def _passage(evidence: ox.NamedNode, doc_id: str, found: Found, through: bool, graph: ox.NamedNode
             ) -> list[ox.Quad]:
    passage = ID.passage(doc_id, found.start, found.end)
    position = ox.NamedNode(evidence.value + "/position")
    triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (evidence, OA["prefix"], ox.Literal(found.prefix)),
        (evidence, OA["suffix"], ox.Literal(found.suffix)),
        (evidence, SECKG.passage, passage),
        (evidence, SECKG.throughCorrection, ox.Literal("true" if through else "false", datatype=XSD.boolean)),
        (passage, RDF.type, OA.SpecificResource),
        (passage, OA.hasSource, ID.text(doc_id)),
        (passage, OA.hasSelector, evidence),
        (passage, OA.hasSelector, position),
        (position, RDF.type, OA.TextPositionSelector),
        (position, OA.start, ox.Literal(str(found.start), datatype=XSD.nonNegativeInteger)),
        (position, OA.end, ox.Literal(str(found.end), datatype=XSD.nonNegativeInteger)),
    ]
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def _actor(seeds: Seeds, code: str) -> ox.NamedNode:
    found = seeds.actors.get(code)
    return ID.organization(code) if found is not None and found[0].kind == "organization" else ID.state(code)


def _describe(text: HeldText, coded: bool, issuer: ox.NamedNode) -> list[ox.Quad]:
    seed, node = text.seed, ID.text(text.document)
    origin = seed.origin
    citation = f"{origin.repository}, commit {origin.commit}" + (f", {origin.path}" if origin.path else "")
    triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (node, RDF.type, SECKG.DocumentText),
        (node, RDFS.label, ox.Literal(seed.title, language="en")),
        (node, DCT.title, ox.Literal(seed.title, language="en")),
        (node, DCT.language, ox.Literal(seed.language, datatype=XSD.language)),
        (node, DCT.license, ox.NamedNode(seed.licence)),
        (node, DCT.rights, ox.Literal(seed.rights, language="en")),
        (node, DCT.description, ox.Literal(seed.made, language="en")),
        (node, DCT.source, ox.NamedNode(origin.repository)),
        (node, DCT.bibliographicCitation, ox.Literal(citation)),
        (node, SECKG.sha256, ox.Literal(seed.sha256)),
        (node, DCT.creator, issuer),
        (node, SECKG.wordsFrom, ox.Literal(str(text.words_start), datatype=XSD.nonNegativeInteger)),
        (node, RDF.type, CNT.ContentAsText),
        (node, CNT.chars, ox.Literal(text.text)),  # the text as served and quoted: the file, corrected
        (node, SECKG.faithfulCopy, ox.Literal("true" if seed.faithful else "false", datatype=XSD.boolean)),
    ]
    if coded:
        triples.append((node, SECKG.textOf, ID.document(text.document)))
    if seed.source is not None:  # the source record the document's quotes cite for these words
        triples.append((node, PROV.hadPrimarySource, ID.source(seed.source)))
    for k, c in enumerate(seed.corrections, start=1):
        fix = ox.NamedNode(f"{node.value}/correction/{k}")
        triples += [(node, SECKG.correction, fix), (fix, RDF.type, SECKG.Correction),
                    (fix, SECKG.original, ox.Literal(c.find)), (fix, SECKG.replacement, ox.Literal(c.replace)),
                    (fix, RDFS.comment, ox.Literal(c.reason, language="en")),
                    (fix, SECKG.occurrences, ox.Literal(str(c.count), datatype=XSD.integer))]
    return [ox.Quad(s, p, o, GRAPH_TEXTS) for s, p, o in triples]
