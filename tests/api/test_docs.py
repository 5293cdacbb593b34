"""/docs: the Swagger UI from this service's own assets, nothing from elsewhere."""

from __future__ import annotations

import re


def test_the_docs_page_loads_only_this_service_s_assets(client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("http://testserver/docs/assets/") for s in sources)
    assert "cdn" not in page.text.lower()
    assert "'self'" in page.headers["content-security-policy"]


def test_the_assets_are_served(client) -> None:
    script = client.get("/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "SwaggerUIBundle" in script.text
    assert client.get("/docs/assets/swagger-ui.css").headers["content-type"].startswith("text/css")
    assert client.get("/docs/assets/index.html").status_code == 404
