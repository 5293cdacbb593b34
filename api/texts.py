"""The project's own texts as pages: the codebook, the data changelog, and what the data is.

========================  =====================================================================
``GET /codebook``         seeds/CODEBOOK.md: the coding rules, one anchor per rule (``#R2.5``)
``GET /changelog``        seeds/CHANGELOG.md: every coding change, and every move that appeared
                          or disappeared, with the rule and the reason
``GET /about``            seeds/COVERAGE.md: the data report (coverage, depth of reading,
                          evidence, reliability), as ``seckg report`` wrote it for this build
========================  =====================================================================

HTML for browsers, the Markdown itself for ``Accept: text/markdown`` or ``text/plain`` (or
``?format=markdown``). The
files are read from the seeds folder the service was built from (``SECKG_SEEDS``), else from the
checkout's ``seeds/``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.markdown import to_html
from api.pages import render
from kg.errors import BadParameter, NotFound

router = APIRouter(tags=["about the data"])

TEXTS = {
    "codebook": ("CODEBOOK.md", "The codebook"),
    "changelog": ("CHANGELOG.md", "Data changelog"),
    "about": ("COVERAGE.md", "About the data"),
}


def _serve(request: Request, name: str) -> Response:
    file, title = TEXTS[name]
    path = Path(request.app.state.settings.seeds) / file
    if not path.is_file():  # the codebook of the checkout the service runs from
        path = Path(__file__).resolve().parents[1] / "seeds" / file
    if not path.is_file():
        raise NotFound(f"{file} is not in the seeds folder this service was started with ({path.parent})")
    text = path.read_text(encoding="utf-8")
    accept = request.headers.get("accept", "")
    asked = request.query_params.get("format")
    if asked not in (None, "markdown", "html"):
        raise BadParameter("format", "markdown or html")
    if asked == "markdown" or (asked is None and ("text/markdown" in accept
                                                   or ("text/plain" in accept and "text/html" not in accept))):
        return Response(text, media_type="text/markdown; charset=utf-8", headers={"Vary": "Accept"})
    markdown = f"{request.url.path}?format=markdown"
    return render(request, "text.html", title=title, body=to_html(text),
                  twins=[("Markdown", markdown, "text/markdown")])


@router.get("/codebook", summary="The codebook: how a document's words become a designation (one anchor per rule)")
def codebook(request: Request) -> Response:
    return _serve(request, "codebook")


@router.get("/changelog", summary="The data changelog: every coding change and every move that appeared or went")
def changelog(request: Request) -> Response:
    return _serve(request, "changelog")


@router.get("/about", summary="About the data: coverage, depth of reading, evidence and reliability")
def about(request: Request) -> Response:
    return _serve(request, "about")
