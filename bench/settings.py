"""Settings of the load benchmark: production settings, served over plain HTTP on loopback,
plus a bench-only urlconf with the baseline admin (`bench/urls.py`).

    DJANGO_SETTINGS_MODULE=bench.settings  (bench/run.sh sets it, with DJANGO_SECRET_KEY,
    DJANGO_SECURE_SSL_REDIRECT=false and DATABASE_POOL=true)
"""

from ftda.settings_production import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
