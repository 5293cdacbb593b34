"""A Python client for notebooks: questions to the graph, answered as pandas DataFrames.

From a question to a table in three lines, on your laptop or against the service::

    from kg.client import open_graph    # or: from kg.client import connect
    g = open_graph()                    # the build under var/store; made from seeds/ if there is none
    g.changes(year=2022)                # or: connect("http://127.0.0.1:8000").changes(year=2022)

Both give a :class:`~kg.client.client.Client`, which answers

=====================================================  =============================================
``query(sparql)``                                      a SELECT's solutions, typed (an ASK: a bool)
``changes(year, issuer=, target=, direction=)``        one row per category move, with the words
``dyad(a, b)``                                         how A designates B and B designates A, by date
``designations(of=, direction=, as_of=, category=)``   designations received (or issued), or all
``documents(issuer=)``                                 the strategy documents
``states()``                                           states and organisations
=====================================================  =============================================

and gives equal DataFrames either way: dates as ``datetime64`` (``xsd:gYearMonth`` and
``xsd:gYear`` as their first day), integers as ``Int64``, booleans as ``boolean``, IRIs,
codes and words as ``string`` (``kg.client.frames``). Mistakes raise the errors of
:mod:`kg.errors` (``NotFound``, ``BadParameter`` ...) in both cases.

pandas, httpx and the plotting libraries come with the ``notebook`` extra
(``pip install 'seckg[notebook]'``); ``import kg`` never needs them, and a missing one is
named with that command (:class:`~kg.client.frames.MissingExtra`).

An example on the tiny test seeds of a source checkout (``open_graph()`` uses ``seeds/``):

>>> import tempfile
>>> from kg.resources import PACKAGE
>>> tmp = tempfile.TemporaryDirectory()
>>> g = open_graph(tmp.name, seeds=PACKAGE.parent / "tests" / "fixtures" / "seeds")
>>> g.changes(year=2020)[["issuer", "target", "from_category", "to_category", "rank_delta", "to_document"]]
  issuer target from_category to_category  rank_delta to_document
0    JPN    RUS       partner     concern           3    tst-2020
>>> moves = g.dyad("JPN", "RUS")
>>> moves[moves.position][["issued", "issuer", "category", "rank"]]
      issued issuer category  rank
0 2010-06-01    JPN  partner     2
2 2020-12-01    JPN  concern     5
>>> g.query("PREFIX seckg: <https://w3id.org/seckg/ontology#> "
...         "SELECT ?move ?delta WHERE { ?move seckg:rankDelta ?delta }").dtypes.astype(str).to_dict()
{'move': 'string', 'delta': 'Int64'}
>>> g.designations("XYZ")
Traceback (most recent call last):
...
kg.errors.NotFound: no state or organisation with code 'XYZ'
>>> tmp.cleanup()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.client.client import Client
from kg.client.frames import MissingExtra, pandas
from kg.errors import StoreError
from kg.settings import Settings
from kg.stores.disk import current_build

__all__ = ["Client", "MissingExtra", "connect", "locate", "open_graph"]


def locate(store: Path, seeds: Path, start: Path | None = None) -> tuple[Path, Path]:
    """Absolute store and seeds paths: relative ones are taken from the project folder.

    The project folder is the nearest of the working directory (or ``start``) and its
    parents that holds the seeds folder or a build under the store path -- so a notebook
    run from ``notebooks/`` uses the checkout's ``seeds/`` and ``var/store`` -- and the
    working directory itself if none does.
    """
    here = (start or Path.cwd()).resolve()
    for base in (here, *here.parents):
        if (not seeds.is_absolute() and (base / seeds).is_dir()) or (
                not store.is_absolute() and current_build(base / store) is not None):
            return base / store, base / seeds
    return here / store, here / seeds


def open_graph(store: str | Path | None = None, *, seeds: str | Path | None = None, rebuild: bool = False,
               progress: Callable[[str], None] | None = None) -> Client:
    """The embedded graph: the build in service under ``store``, opened read-only.

    ``store`` and ``seeds`` default to ``SECKG_STORE`` and ``SECKG_SEEDS`` (``var/store``
    and ``seeds``, see :func:`locate`). If there is no build yet (or ``rebuild`` is set),
    one is made from the seeds first with :func:`kg.build.build`; ``progress`` gets its
    step messages (``progress=print`` shows them).
    """
    pandas()  # before a build, so that a missing extra is said at once
    settings = Settings.from_env()
    root, seeds_dir = locate(Path(store) if store is not None else settings.store,
                             Path(seeds) if seeds is not None else settings.seeds)
    if rebuild or current_build(root) is None:
        if not seeds_dir.is_dir():
            raise StoreError(f"no build in {root} and no seeds folder {seeds_dir} to make one from "
                             "(set SECKG_STORE or SECKG_SEEDS, or pass store= and seeds=)")
        from kg.build import build
        from kg.pipeline.assemble import quiet

        build(seeds_dir, root, progress or quiet)
    from kg.client.embedded import Embedded

    return Client(Embedded(root))


def connect(url: str | None = None, *, timeout: float = 60.0, http: object = None) -> Client:
    """A running seckg service at ``url``: by default the address ``make serve`` uses (``HOST``, ``PORT``).

    ``http`` is an httpx.Client to send the requests with instead (a test client, a proxy...).
    """
    pandas()
    from kg.client.remote import Remote

    if url is None:
        settings = Settings.from_env()
        url = f"http://{settings.host}:{settings.port}"
    return Client(Remote(url, http=http, timeout=timeout))
