"""Django for the bench scripts that request pages in their own process (Django's test
client): the load benchmark's settings (`bench.settings`: production settings, DEBUG off,
plain HTTP on loopback, the connection pool), each default overridable from the shell."""

import os


def setup_django(script):
    """Call once, before importing models; `script` names the throwaway secret key."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", f"bench-{script}-" + "x" * 40)
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    os.environ.setdefault("DATABASE_POOL", "true")  # as bench/run.sh

    import django

    django.setup()
