"""One filter for every way of asking for changes: checked once, naming the parameter at fault."""

from __future__ import annotations

import pytest

from kg.ask.change_filter import ChangeFilter
from kg.errors import BadParameter


@pytest.mark.parametrize(("field", "value"), [("year", "22"), ("issuer", "jpn"), ("target", "J"),
                                              ("direction", "sideways"), ("kind", "Move"),
                                              ("min_confidence", "certain")])
def test_a_bad_value_names_its_field(field: str, value: str) -> None:
    with pytest.raises(BadParameter) as raised:
        ChangeFilter(**{"year": "2022", field: value})
    assert raised.value.name == field


def test_only_moves_unless_every_kind_or_one_kind_is_asked() -> None:
    assert ChangeFilter(year="2022").moves_only
    assert not ChangeFilter(year="2022", all_kinds=True).moves_only
    assert not ChangeFilter(year="2022", kind="TermChange").moves_only
    assert ChangeFilter(year="2022", all_kinds=True, direction="hostility").moves_only  # only moves have one


def test_params_name_what_differs_from_the_defaults_and_read_back() -> None:
    which = ChangeFilter(year="2022", target="RUS", all_kinds=True, min_confidence="unverified")
    assert which.params() == {"year": "2022", "target": "RUS", "all_kinds": "true", "min_confidence": "unverified"}
    assert ChangeFilter.from_params(which.params()) == which


def test_from_params_ignores_what_is_not_a_filter_and_checks_flags() -> None:
    assert ChangeFilter.from_params({"year": 2022, "format": "table", "issuer": None}) == ChangeFilter(year="2022")
    with pytest.raises(BadParameter, match="band_crossing"):
        ChangeFilter.from_params({"year": "2022", "band_crossing": "perhaps"})
