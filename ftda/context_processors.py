from importlib import import_module

from django.conf import settings

from ftda import access


def _app_navigation(request):
    """Entries each app offers in the navigation bar (its optional `navigation.items`)."""
    entries = []
    for app in settings.NAVIGATION_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError:
            continue
        entries.extend(module.items(request))
    return entries


def navigation(request):
    user = getattr(request, "user", None)
    if not access.is_active_user(user):
        return {}
    return {
        "nav_sees_all": access.sees_all_structures(user),
        "nav_entries": _app_navigation(request),
    }
