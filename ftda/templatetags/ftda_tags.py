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
