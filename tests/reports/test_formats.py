import datetime
from decimal import Decimal

import pytest

from ftda.indicators import growth
from ftda.reports import formats

N = "\u202f"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (939, "939"),
        (1400, f"1{N}400"),
        (1234567, f"1{N}234{N}567"),
        (0, "0"),
        (-2500, f"−2{N}500"),
        (12.345, "12,3"),
        (Decimal("88.25"), "88,3"),
        (None, "–"),
    ],
)
def test_numbers_use_narrow_no_break_spaces_and_a_decimal_comma(value, expected):
    assert formats.number(value) == expected


def test_growth_is_computed_on_the_previous_value_and_printed_the_french_way():
    change = growth(939, 759)
    assert formats.growth(change) == f"+23,7{N}%"  # not the +19,16 % of the 2017 report
    assert formats.growth(growth(759, 939)) == f"−19,2{N}%"
    assert formats.growth(growth(5, 0)) == "–"
    assert formats.growth(0) == f"0,0{N}%"


def test_quantities_and_dates():
    assert formats.quantity(939, "places") == f"939{N}places"
    assert formats.quantity(88.25, "%") == f"88,3{N}%"
    assert formats.date_long(datetime.date(2017, 12, 31)) == "31 décembre 2017"
    assert formats.date_long(datetime.date(2018, 1, 1)) == "1er janvier 2018"
    assert formats.date_long("2016-02-29") == "29 février 2016"
    assert formats.period_long(datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)) == (
        "année 2017"
    )
    assert formats.period_long("2016-03-01", "2017-02-28") == (
        "du 1er mars 2016 au 28 février 2017"
    )


def test_template_filters(rf):
    from django.template import Context, Template

    html = Template(
        "{% load french %}{{ v|quantite:'places' }} ; {{ g|evolution }} ; {{ d|date_longue }}"
    ).render(Context({"v": 939, "g": growth(939, 759), "d": datetime.date(2017, 12, 31)}))
    assert html == f"939{N}places ; +23,7{N}% ; 31 décembre 2017"
