"""Template filters for French figures: {{ value|nombre }}, {{ value|evolution }}…"""

from django import template

from ftda.reports import formats

register = template.Library()


@register.filter
def nombre(value, decimals=None):
    return formats.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def pourcentage(value, decimals=1):
    return formats.percent(value, int(decimals))


@register.filter
def evolution(value):
    return formats.growth(value)


@register.filter
def quantite(value, unit=""):
    return formats.quantity(value, unit)


@register.filter
def date_longue(value):
    return formats.date_long(value)


@register.simple_tag
def periode_longue(start, end):
    return formats.period_long(start, end)
