"""One build, measured in its own process: ``python -m bench.buildstep SEEDS STORE_ROOT``.

Run as a child of ``bench/run.py`` so that its peak memory is its own:
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` is a process's high-water mark of resident
memory (kibibytes on Linux), and it counts what pyoxigraph (Rust) and rdflib allocate alike,
which ``tracemalloc`` (Python objects only) would not. After each step the child notes the
peak so far and the resident memory now (``VmRSS``), so the step that raised the peak shows.
The result is one JSON object on the last line of stdout.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from kg.build import build


def rss_now_mib() -> float:
    """Resident memory of this process now, from /proc (0 where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_mib() -> float:
    """The build's peak: this process's, plus the largest of its finished worker processes'
    (the seeds are parsed in workers when there are many files): an upper bound, since the
    workers run while the build process is still small."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + workers) / 1024


def measured_build(seeds: Path, store_root: Path) -> dict[str, Any]:
    """Build, noting peak and current memory at the end of every step."""
    memory: dict[str, dict[str, float]] = {}

    def progress(message: str) -> None:
        name, sep, rest = message.partition(": ")
        if sep and rest.endswith(" s"):  # "<step>: 1.23 s" ends a step
            memory[name] = {"peak_mib": round(peak_mib(), 1), "rss_mib": round(rss_now_mib(), 1)}
        print(message, file=sys.stderr, flush=True)

    start = time.perf_counter()
    info = build(seeds, store_root, progress=progress)
    return {
        "timings": {k: round(v, 3) for k, v in info["timings"].items()},
        "total_s": round(time.perf_counter() - start, 3),
        "counts": info["counts"],
        "memory_after_step": memory,
        "peak_mib": round(peak_mib(), 1),
        "memory_method": "ru_maxrss of the build process (RUSAGE_SELF) plus that of its largest worker "
                         "(RUSAGE_CHILDREN)",
        "path": info["path"],
    }


def main(argv: list[str]) -> int:
    print(json.dumps(measured_build(Path(argv[0]), Path(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
