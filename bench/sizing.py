"""Synthetic seeds of about a given number of quads: :mod:`kg.pipeline.synth` scaled by its issuers.

The shape stays that of a realistic corpus (8 editions per series, 40 targets per edition);
only the number of issuers grows. A built graph has about ``QUADS_FIXED`` quads of
ontology, categories and actors plus ``QUADS_PER_DESIGNATION`` per designation (asserted,
inferred and derived together; measured on a synthetic build of 0.16 M quads, 2026-12-05). Since
issuers have one or two series, the first guess is corrected from the designations
actually written. The benchmark reports the quads the build really made.

>>> parse_size("0.1M"), parse_size("250k"), parse_size("4000000")
(100000, 250000, 4000000)
"""

from __future__ import annotations

import math
import shutil
import time
from pathlib import Path
from typing import Any

from kg.pipeline.synth import state_codes, synth

QUADS_FIXED = 3_400
QUADS_PER_DESIGNATION = 50.9
EDITIONS = 8
TARGETS = 40
DESIGNATIONS_PER_ISSUER = 1.3 * EDITIONS * TARGETS * 1.18  # series per issuer x facets per target


def parse_size(text: str) -> int:
    """'0.1M', '250k' or a plain number of quads."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def label(quads: int) -> str:
    return f"{quads / 1e6:g}M"


def predicted_quads(designations: int) -> int:
    return round(QUADS_FIXED + QUADS_PER_DESIGNATION * designations)


def make_seeds(quads: int, out: Path, *, seed: int = 0, tries: int = 3) -> dict[str, Any]:
    """Write seeds for about ``quads`` quads to ``out``; the synth arguments and what it made."""
    wanted = max(1.0, (quads - QUADS_FIXED) / QUADS_PER_DESIGNATION)
    issuers = max(1, round(wanted / DESIGNATIONS_PER_ISSUER))
    targets = TARGETS
    if issuers > len(state_codes()):  # more than there are states: more targets per edition instead
        targets = math.ceil(TARGETS * issuers / len(state_codes()))
        issuers = len(state_codes())
    for attempt in range(tries):
        if out.exists():
            shutil.rmtree(out)
        start = time.perf_counter()
        made = synth(out, issuers=issuers, editions=EDITIONS, targets=targets, seed=seed)
        seconds = time.perf_counter() - start
        error = made.designations / wanted - 1
        better = min(len(state_codes()), max(1, round(issuers / (1 + error))))
        if abs(error) < 0.05 or better == issuers or attempt == tries - 1:
            break
        issuers = better
    return {"issuers": issuers, "editions": EDITIONS, "targets": targets, "seed": seed,
            "series": made.series, "documents": made.documents, "designations": made.designations,
            "files": len(made.files), "predicted_quads": predicted_quads(made.designations),
            "seconds": round(seconds, 2)}
