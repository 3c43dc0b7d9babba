"""PDF rendering with WeasyPrint behind a restrictive URL fetcher.

A document may only load `data:` URLs and the project's own static files; everything else
(file://, http(s)://, ftp://, any other host, path traversal) is refused before any I/O,
so that text a user typed can never make the PDF renderer read a local file or call a
server. Static files are referenced from `STATIC_BASE_URL` (a reserved `.invalid` origin:
nothing is ever fetched over the network) and read through Django's staticfiles finders.
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_BASE_URL = "https://static.ftda.invalid"


class RefusedURL(ValueError):
    pass


class SafeURLFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        return self._static(url)

    def _static(self, url):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin != STATIC_BASE_URL or parts.username or parts.password:
            raise RefusedURL(f"URL refusée par le générateur de PDF : {url[:200]}")
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL) or "\\" in path or "\x00" in path:
            raise RefusedURL(f"URL refusée par le générateur de PDF : {url[:200]}")
        relative = path[len(settings.STATIC_URL) :]
        normalised = posixpath.normpath(relative)
        if normalised.startswith(("..", "/")) or normalised != relative:
            raise RefusedURL(f"URL refusée par le générateur de PDF : {url[:200]}")
        found = finders.find(normalised)
        if not found:
            raise RefusedURL(f"Fichier statique introuvable : {normalised}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(normalised)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


# An instance is callable with a URL, like WeasyPrint's own fetcher.
safe_url_fetcher = SafeURLFetcher()


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML string whose static references start with STATIC_BASE_URL."""
    return HTML(
        string=html, base_url=f"{STATIC_BASE_URL}/", url_fetcher=safe_url_fetcher
    ).write_pdf()
