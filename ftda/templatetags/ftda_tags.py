"""Template helpers shared by every app."""

from django import template

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
