"""Template helpers shared by every app."""

import functools

from django import template
from django.conf import settings
from django.template import engines
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

from ftda import forms

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, fmt):
    """The current list's address with its filters, as a `fmt` download (page dropped)."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = fmt
    return f"{request.path}?{query.urlencode()}"


@register.filter
def short_date(day):
    """A date as `date:"d/m/Y"` shows it (01/02/2026), at a tenth of that filter's cost:
    for long lists (bench/README.md)."""
    if not day:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


@register.filter
def rendering_key(form):
    """The key under which a form's fields are cached: `ftda.forms.rendering_key`."""
    return forms.rendering_key(form)


def url_with_pk(viewname):
    """`pk -> reverse(viewname, args=[pk])` at the cost of one `reverse` for a whole page."""
    marker = "987654321987654321"
    prefix, suffix = reverse(viewname, args=[int(marker)]).split(marker)
    return lambda pk: f"{prefix}{pk}{suffix}"


@functools.cache
def _url_with_pk(viewname, script_prefix, urlconf):
    return url_with_pk(viewname)


@register.filter
def url_pk(pk, viewname):
    """`{{ obj.pk|url_pk:"app:view" }}` is `{% url "app:view" obj.pk %}` for the rows of long
    lists: one `reverse` per view for the process, then a join (about 40 µs → 1 µs a row)."""
    return _url_with_pk(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)(pk)


@register.simple_tag(takes_context=True)
def jinja_include(context, template_name, **variables):
    """`{% jinja_include "app/_rows.jinja" %}`: the rows of a long list, rendered by Jinja2
    with this template's variables and those given (`follow_up=created`); ftda.jinja says
    why, and how the two languages differ. Jinja2 escapes what it prints, hence `mark_safe`."""
    rows = engines["jinja2"].get_template(template_name)
    return mark_safe(rows.render(context.flatten() | variables))  # noqa: S308
