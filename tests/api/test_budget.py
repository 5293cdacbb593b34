"""Per-client budgets of query time: spending counts for a window, then ages out."""

from __future__ import annotations

import pytest

from api.budget import ClientBudget
from kg.errors import RateLimited


def test_spending_ages_out_of_the_window():
    b = ClientBudget(seconds=1.0, window=60.0)
    b.charge("a", 0.6, now=0.0)
    b.charge("a", 0.6, now=30.0)
    with pytest.raises(RateLimited) as over:
        b.check("a", now=31.0)
    assert over.value.retry_after == 29  # when the first charge leaves the window
    b.check("a", now=60.5)  # the first charge is out: 0.6 s left in the window
    b.charge("a", 0.6, now=61.0)
    with pytest.raises(RateLimited):
        b.check("a", now=62.0)
    b.check("a", now=121.0)  # all out


def test_many_small_charges_add_up():
    b = ClientBudget(seconds=1.0, window=60.0)
    for i in range(999):
        b.charge("a", 0.001, now=i * 0.01)
    b.check("a", now=10.0)  # 0.999 s
    b.charge("a", 0.001, now=10.0)
    with pytest.raises(RateLimited):
        b.check("a", now=10.0)
    b.check("a", now=70.0)  # the first ones have aged out


def test_clients_are_apart():
    b = ClientBudget(seconds=1.0, window=60.0)
    b.charge("a", 5.0, now=0.0)
    b.check("b", now=1.0)
    with pytest.raises(RateLimited):
        b.check("a", now=1.0)
