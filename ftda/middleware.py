"""Cross-cutting middleware of the project."""


class NoStoreMiddleware:
    """Pages of the application hold personal data: browsers and proxies must not keep them.

    Static files are served by WhiteNoise before this middleware and keep their caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
