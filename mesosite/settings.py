"""Mesosite settings: the one module, every machine-specific value from the environment.

The variables and their defaults are listed in README.md ("Configuration"). Nothing else
in the project reads the environment.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value.strip() else default


def env_bool(name, default=False):
    value = env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = env(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else list(default)


DEBUG = env_bool("DEBUG")
PRODUCTION = env("DJANGO_ENV") == "production"

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (make run supplies a local one).")
    SECRET_KEY = "insecure-debug-only-key"  # noqa: S105 - DEBUG only, never served
# Rotating the key: the old one goes here for a while, so sessions and signed links made with it
# still verify (docs/deploy.md, "Rotating SECRET_KEY").
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # Shared machinery, each in a room named for what it does.
    "editorial",
    "pages",
    "roles",
    "signoff",
    "outbox",
    "collisions",
    "golive",
    "frontcache",
    # Features.
    "sources",
    "clinicians",
    "treatments",
    "contentload",
    "enquiries",
    "ops",
    # After the content apps: they declare the pages these read.
    "search",
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A 304 when the visitor's copy (If-None-Match) is still the page's ETag, cached pages included.
    "frontcache.middleware.NotModifiedMiddleware",
    # Anonymous GETs of cached public pages are answered here, with the headers they were stored
    # with; none of the middleware below runs for them (pagecache/middleware.py).
    "pagecache.middleware.PageCacheMiddleware",
    # Cache-Control and ETag, stored with the page (frontcache/middleware.py).
    "frontcache.middleware.CacheHeadersMiddleware",
    "mesosite.middleware.CompactHtmlMiddleware",
    "mesosite.middleware.CSPMiddleware",
    "mesosite.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns django-ratelimit's exception into RATELIMIT_VIEW's friendly 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a lockout answers before the login view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mesosite.urls"
WSGI_APPLICATION = "mesosite.wsgi.application"

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
                "pages.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write at once: WAL lets readers and a writer overlap,
    # IMMEDIATE takes the write lock up front (no deadlock-prone lock upgrades), and
    # the timeout makes a writer wait its turn instead of failing with "locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# One cache all workers and app servers share (Redis, else a table in the database): it holds the
# rate-limit counters (enquiries, feedback) and who has a record open (collisions), and with Redis
# the public page cache too, so a per-process cache would be wrong for each. Nothing in it
# is needed to serve a page: when Redis does not answer, pages render uncached and the rate
# limit lets enquiries through (pagecache/cache.py, enquiries/views.py).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mesosite",
            # redis-py waits 5 s by default: a Redis that hangs would hold every request that long.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mesosite_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Rendered public pages. Without Redis they live in files on this machine, which every
# gunicorn worker shares and which cost no database query to read.
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": "mesosite-pages"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("PAGE_CACHE_DIR", str(BASE_DIR / ".cache" / "pages")),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
)
# Each worker's copies of the pages it served and of what pages share, bounded (about 20 kB a
# page: a few MB at most); see pagecache/cache.py for when it is emptied.
CACHES["pages-local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages-local",
    "OPTIONS": {"MAX_ENTRIES": 300},
}
PAGE_CACHE_SECONDS = 24 * 60 * 60
# The shared HTTP cache in front (Varnish or a CDN; frontcache/, deploy/varnish/): how long it may keep
# a public page (s-maxage; browsers revalidate every time), and the caches to purge when pages change,
# comma-separated base addresses ("http://127.0.0.1:6081"). Empty: no purges are sent.
PUBLIC_CACHE_SECONDS = int(env("PUBLIC_CACHE_SECONDS", "300"))
if PUBLIC_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("PUBLIC_CACHE_SECONDS must be a whole number of seconds, 0 or more.")
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URLS")
# Sessions (staff logins) live in the database every app server shares, not in the cache:
# a Redis outage must not sign staff out or stop them signing in.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Auth -----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins and lockouts are rows in the shared database (axes' default handler, named here
# because it matters): they count across app servers and do not depend on the cache.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# No start-up line from every process, management commands included.
AXES_VERBOSE = False
# A page in the site's design (429) instead of axes' bare text; staff clear a lockout under
# Admin > Axes > Access attempts, or with `manage.py axes_reset`.
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# How many reverse proxies (each appending to X-Forwarded-For) stand before gunicorn: the client
# is the entry the outermost of them appended; entries left of it are whatever the client claimed.
# The admin lockout and the enquiry and feedback rate limits key on it. django-ipware is not installed,
# so axes asks ops.client_ip, which applies this rule, instead.
AXES_IPWARE_PROXY_COUNT = int(env("PROXY_COUNT", "1" if PRODUCTION else "0"))
AXES_CLIENT_IP_CALLABLE = "ops.client_ip.client_ip_address"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ORIGINS = []  # where uploaded images come from, besides 'self': the CSP's img-src
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME")
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN")
    # Unset: boto3's own chain (an instance or task role, ~/.aws) finds credentials.
    AWS_S3_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID")
    AWS_S3_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY")
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        # Path-style (endpoint/bucket/name) or virtual-hosted (bucket.endpoint/name), by provider.
        _endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        MEDIA_ORIGINS = [
            f"{_endpoint.scheme}://{_endpoint.netloc}",
            f"{_endpoint.scheme}://{AWS_STORAGE_BUCKET_NAME}.{_endpoint.netloc}",
        ]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"] + (
            [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"] if AWS_S3_REGION_NAME else []
        )
WHITENOISE_MAX_AGE = 60 * 60  # unhashed names; hashed ones are cached forever anyway
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000

# --- Markdown editor ------------------------------------------------------------------
MARKDOWNX_MARKDOWNIFY_FUNCTION = "editorial.markdown.render_markdown"
# No SVG: an SVG can carry script.
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"]
MARKDOWNX_UPLOAD_MAX_SIZE = IMAGE_UPLOAD_MAX_BYTES
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 85}

# --- Email ----------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Unset: the clinic details' email (see outbox.services.site_sender).
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
CLINIC_NOTIFY_EMAIL = env("CLINIC_NOTIFY_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL or "root@localhost"
# Seconds for each step with the mail server: a server that hangs holds the outbox worker no longer.
EMAIL_TIMEOUT = 10

# --- Outbox: all mail is stored, then sent by the worker (`manage.py db_worker`, Procfile) ------
# django-tasks with its database backend: a mail's task is written in the same transaction as it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Seconds to wait before each retry of a failed send; after the last, the mail is marked failed.
# The first retry comes within a minute, then they back off (7 h 12 min in all).
OUTBOX_RETRY_DELAYS = [30, 120, 600, 3600, 6 * 3600]

# --- Clinical sign-off -----------------------------------------------------------------
# A clinic with one clinician may let them approve their own changes; each approval then says so.
CLINICAL_SIGNOFF_SELF_APPROVAL = env_bool("CLINICAL_SIGNOFF_SELF_APPROVAL")

# --- Enquiries ------------------------------------------------------------------------
ENQUIRY_RATE_LIMIT = env("ENQUIRY_RATE_LIMIT", "5/m")
ENQUIRY_RETENTION_DAYS = int(env("ENQUIRY_RETENTION_DAYS", "365"))
# Hours within which an enquiry should be answered: the list's "due in" / "overdue by" labels.
ENQUIRY_RESPONSE_HOURS = int(env("ENQUIRY_RESPONSE_HOURS", "24"))
if ENQUIRY_RESPONSE_HOURS < 1:
    raise ImproperlyConfigured("ENQUIRY_RESPONSE_HOURS must be a whole number of hours, 1 or more.")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "enquiries.views.rate_limited"

# --- Page feedback ----------------------------------------------------------------------
# "No" answers in 30 days that flag a clinical page for early review (and tell its reviewers, once).
FEEDBACK_REVIEW_THRESHOLD = int(env("FEEDBACK_REVIEW_THRESHOLD", "5"))
if FEEDBACK_REVIEW_THRESHOLD < 1:
    raise ImproperlyConfigured("FEEDBACK_REVIEW_THRESHOLD must be a whole number, 1 or more.")
# Answers per client: an answer and its reason are two; a visitor reading several pages a few more.
FEEDBACK_RATE_LIMIT = "10/m"

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # markdownx's preview reads it to post the preview
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# django-csp 4: no inline script or style anywhere; JSON-LD is allowed by its hash.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Logging --------------------------------------------------------------------------
# One line per event, key=value, to stdout: the container's log collector does the rest.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "time=%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
