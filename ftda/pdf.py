"""PDF rendering with WeasyPrint, fetching nothing but `data:` URLs and static files.

A template might carry a URL a user typed (a note with an image tag, a partner's web site):
the fetcher refuses the network, `file:` URLs and any path outside the static files, so a
PDF can neither leak the server's files nor make the server call an address (SSRF).

    from ftda.pdf import render_pdf
    pdf_bytes = render_pdf(html)   # html from render_to_string; {% static %} URLs work
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative and root-relative URLs of the templates resolve against this fake origin, which
# the fetcher maps to the static files.
STATIC_ORIGIN = "https://static.ftda.invalid"


class ForbiddenResource(ValueError):
    pass


class StaticOnlyURLFetcher(URLFetcher):
    """Serves `data:` URLs and the project's static files; refuses everything else."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False, **kwargs)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin != STATIC_ORIGIN or not parts.path.startswith(settings.STATIC_URL):
            raise ForbiddenResource(f"Ressource refusée dans un PDF : {url[:200]}")
        relative = unquote(parts.path[len(settings.STATIC_URL) :])
        try:
            path = finders.find(relative)
        except SuspiciousFileOperation as error:
            raise ForbiddenResource(f"Chemin refusé : {relative[:200]}") from error
        if not path:
            raise ForbiddenResource(f"Fichier statique introuvable : {relative[:200]}")
        with open(path, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    return HTML(
        string=html, base_url=STATIC_ORIGIN + "/", url_fetcher=StaticOnlyURLFetcher()
    ).write_pdf()
