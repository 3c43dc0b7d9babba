"""Settings of the FTDA integration application.

Every value that differs between a laptop and production comes from the environment
(django-environ); `.env.example` lists them. `ftda.settings_production` hardens the rest.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin site requires a verified second factor (ftda.admin_site.SecureAdminSite).
    "ftda.admin_apps.SecureAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_filters",
    "import_export",
    "django_htmx",
    "django_countries",
    "phonenumber_field",
    "localflavor",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "ftda",
    "ftda.reports",
    "hebergement",
    "agir",
    "programmes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ftda.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ftda.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "ftda.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ftda.urls"
WSGI_APPLICATION = "ftda.wsgi.application"
AUTH_USER_MODEL = "ftda.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ftda.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
    {
        # The rows of the long lists (`*.jinja`, beside the templates that include them with
        # `{% jinja_include %}`): 25 rows cost 4.6 ms in Django's template language and 0.35 ms
        # in Jinja2 (the caseload, bench/README.md). Everything else stays in Django's, but
        # the project forms' widgets, which Django's own Jinja2 renderer draws
        # (ftda.forms.WIDGET_RENDERER, an engine of its own).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "ftda.jinja.environment"},
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///ftda")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's default random_page_cost (4) models spinning disks. A department's database
# fits in memory or sits on SSD, where 1.1 is the usual setting; with 4 the caseload's page
# query scans all persons instead of fetching the few hundred of the user's structures by
# index (bench/README.md, 15 ms instead of 4 ms).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"
)
if env.bool("DATABASE_POOL", default=False):
    # psycopg's pool lives in each process; gunicorn workers each hold their own.
    DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 8, "timeout": 10}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ------------------------------------------------------------------ authentication
# django-axes first: it refuses a locked-out username + address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address: REMOTE_ADDR, or behind N trusted proxies the N-th address from the
# right of X-Forwarded-For (what the client writes on the left is never trusted).
AXES_CLIENT_IP_CALLABLE = "ftda.security.client_ip"
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Second factor (TOTP): required for managers, the direction and admins (ftda.security).
OTP_TOTP_ISSUER = "FTDA Intégration"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # admins without casework go on to the admin
LOGOUT_REDIRECT_URL = "login"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A session ends after 30 minutes without activity and 10 hours after login at the latest
# (ftda.middleware.SessionTimeoutMiddleware). The server-side expiry moves forward when the
# session is saved: at most once a minute of activity, not at every request. The cookie dies
# with the browser.
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = 10 * 60 * 60
SESSION_ACTIVITY_REFRESH = 60
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp 4): no inline script without the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "FR"
COUNTRIES_FIRST = ["AF", "SY", "ER", "SD", "SO", "UA", "GN", "CI"]
COUNTRIES_FIRST_REPEAT = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}


# Imports (ftda.imports.SafeImportMixin): limits checked before any row is read; files wait
# in the storage between preview and confirmation, purged by `manage.py purge_import_files`.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
IMPORT_TMP_MAX_AGE = datetime.timedelta(hours=2)
# An uploaded or confirmed file of more rows is previewed or imported by a background task
# (ftda.import_jobs), with a progress page: at about 1,500 rows a second, 1,000 rows keep
# the upload and the confirmation under ~2 s.
IMPORT_BACKGROUND_MIN_ROWS = env.int("IMPORT_BACKGROUND_MIN_ROWS", default=1_000)
IMPORT_EXPORT_TMP_STORAGE_CLASS = "ftda.imports.ImportFileStorage"
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True

# Retention (ftda.retention, `manage.py apply_retention`, daily).
RETENTION_INACTIVITY_MONTHS = env.int("RETENTION_INACTIVITY_MONTHS", default=24)
ACCESS_LOG_RETENTION_MONTHS = env.int("ACCESS_LOG_RETENTION_MONTHS", default=12)
# Finished background imports (ImportJob) are purged with their audit events after this
# delay: a job's file name, errors by row and counts describe an admin's work on personal
# data. The audit trail of the rows an import wrote stays in pghistory.
IMPORT_JOB_RETENTION_MONTHS = env.int("IMPORT_JOB_RETENTION_MONTHS", default=12)
# Finished background tasks' results (django-tasks-db: arguments, return value, traceback of a
# failure) are purged after this delay: nothing in the application reads them, the import
# jobs and reports keep their own state; a failure's traceback may quote personal data.
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=30)

# Persons shown per page in lists; search results are capped to keep responses quick.
PAGE_SIZE = 25
SEARCH_RESULTS_LIMIT = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Audit trail: Postgres triggers on every tracked table record inserts, updates and deletes,
# with the user and URL of the request as context (pghistory.middleware.HistoryMiddleware).
# Models are tracked with `ftda.history.track` (statement-level triggers); these defaults
# only serve a plain `pghistory.track()`.
import pghistory  # noqa: E402

PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)
# The admin's audit trail shows the history of the configuration only (ftda.audit_admin).
PGHISTORY_ADMIN_CLASS = "ftda.audit_admin.ConfigurationEventsAdmin"

# Apps whose `navigation.items(request)` adds entries to the navigation bar, in this order.
NAVIGATION_APPS = ["ftda", "hebergement", "agir", "programmes", "ftda.reports"]

ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")

# Apps whose `indicators.section(period, scope)` makes a section of the activity report,
# in this order (an app without one is skipped).
REPORT_APPS = ["ftda", "hebergement", "agir", "programmes"]

# Apps whose `demo.load(today=, structures=, users=, persons=)` runs after the core's demo.
DEMO_APPS = ["hebergement", "agir", "programmes"]

# Static files come from the app folders directly until `collectstatic` has run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
