"""Schemathesis fuzzes every operation of the OpenAPI document: no answer may be a 5xx.

The budget is bounded (``SECKG_FUZZ_EXAMPLES`` examples per operation, default 15) so that
CI stays quick; raise it for a deeper run: ``SECKG_FUZZ_EXAMPLES=500 make test``.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings

from api.app import create_app

EXAMPLES = int(os.environ.get("SECKG_FUZZ_EXAMPLES", "15"))


def test_no_server_errors_on_any_operation(store_root):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store_root=store_root))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    failures: list[str] = []
    calls: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                  derandomize=True, database=None)
        def fuzz(case):  # type: ignore[no-untyped-def]
            response = case.call()
            calls.append(case.method)
            if response.status_code >= 500 or b"Traceback" in response.content:  # bytes: a dump may be a ZIP
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> "
                                f"{response.status_code}: {response.content[:200]!r}")

        fuzz()
    assert failures == []
    assert len(calls) >= 5 * len(operations), "the fuzzer hardly ran"
