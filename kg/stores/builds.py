"""What every store keeps of a build, on disk or over HTTP: its id, its record, how many.

A build's id is the UTC time it began, to the microsecond (``20261204T221850123456Z``), so
ids sort in build order on either store. Its record (``BUILD.json`` on disk, the metadata
graph on a remote store) says what was built from what: the package version, the time,
the seeds folder and the counts, and then what the store adds (timings, its graph...).
Each store keeps the :data:`KEEP` newest complete builds, so that a reader still on the
previous one can finish.

>>> from datetime import UTC, datetime
>>> new_build_id(datetime(2026, 12, 4, 22, 18, 50, 123456, tzinfo=UTC))
'20261204T221850123456Z'
>>> age("20261204T221850123456Z", datetime(2026, 12, 4, 23, 18, 50, 123456, tzinfo=UTC))
datetime.timedelta(seconds=3600)
>>> age("not-a-build", datetime.now(UTC)) is None
True
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import kg

KEEP = 2
ID_FORMAT = "%Y%m%dT%H%M%S%fZ"


def new_build_id(now: datetime | None = None) -> str:
    """A build id that sorts in build order."""
    return (now or datetime.now(UTC)).strftime(ID_FORMAT)


def age(build_id: str, now: datetime) -> timedelta | None:
    """How long ago the build ``build_id`` began; None if it is no build id."""
    try:
        return now - datetime.strptime(build_id, ID_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def record(seeds_dir: Path, counts: dict[str, int], **more: Any) -> dict[str, Any]:
    """The record of a build of ``seeds_dir`` made now, with ``more`` of the store's own."""
    return {"version": kg.__version__, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "seeds": str(Path(seeds_dir).resolve()), "counts": counts, **more}
