"""Settings for Styrmodell, driven by the environment.

- SQLite in the project folder unless DATABASE_URL is set (sqlite:///path or postgres://user@host/name).
- Celery runs tasks eagerly in-process unless REDIS_URL is set; then Redis is broker, result store and cache.
- DJANGO_ENV=production switches on the hardening `manage.py check --deploy` asks for.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from styrmodell.env import env, env_bool, env_list, env_pairs, origin_of, redis_url_of_test_worker

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DJANGO_ENV=production.")
else:
    SECRET_KEY = env("SECRET_KEY", "django-insecure-development-key-not-for-production")  # noqa: S105

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The admin site, for system administrators only (styrmodell.admin).
    "styrmodell.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "simple_history",
    "styrmodell",
    "organisation",
    "documents",
    "goals",
    "planning",
    "budget",
    "followup",
    "economy",
    "calendar_wheel",
    "reports",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "insyn",
    "signin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signs out whoever has been idle longer than SESSION_IDLE_MINUTES.
    "signin.sessions.IdleSessionMiddleware",
    # Wraps everything below, so refusals and the views' responses to a signed-in user alike get it.
    "styrmodell.middleware.PrivateCacheControlMiddleware",
    # Insyn's public pages and API: the switch, conditional GET by the generation, CORS for the API.
    "insyn.public.PublicSiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A signed-in user without a role reaches the start page and their account only.
    "styrmodell.middleware.RoleRequiredMiddleware",
    # Axes must come last: it turns a lock-out into the Swedish "locked" page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # gunicorn serves the collected static files itself; in development runserver does.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "styrmodell.urls"
WSGI_APPLICATION = "styrmodell.wsgi.application"

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
                "django.template.context_processors.csp",
                "organisation.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60 if PRODUCTION else 0,
        conn_health_checks=True,
    )
}
# A database that stops answering must not hold a web worker: connections give up after
# DATABASE_CONNECT_TIMEOUT seconds and PostgreSQL cancels a statement after DATABASE_STATEMENT_TIMEOUT
# seconds (0 turns it off, e.g. for a long migration: DATABASE_STATEMENT_TIMEOUT=0 manage.py migrate).
DATABASE_CONNECT_TIMEOUT = int(env("DATABASE_CONNECT_TIMEOUT", "5"))
DATABASE_STATEMENT_TIMEOUT = float(env("DATABASE_STATEMENT_TIMEOUT", "30"))
# The health check answers within this many seconds whatever the database and Redis do.
HEALTHZ_TIMEOUT = float(env("HEALTHZ_TIMEOUT", "1.5"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = max(2, DATABASE_CONNECT_TIMEOUT)
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Our SQLite backend adds the Swedish collation and lower-casing (styrmodell.db).
    DATABASES["default"]["ENGINE"] = "styrmodell.sqlite"
    # Several users write at once: WAL lets readers go on during a write, IMMEDIATE avoids
    # "database is locked" on upgrade from read to write, and the timeout waits out short writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Local passwords: for everyone while PASSWORD_SIGN_IN is on, else only the break-glass accounts.
    "signin.backends.PasswordBackend",
    # Sessions begun at the municipality's identity provider (signin.views.callback).
    "signin.backends.ProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signin:logged_out"

# Signing in with the municipality's identity provider (OpenID Connect, the signin app; README
# "Inloggning med kommunens konto"). Off while OIDC_ISSUER is empty. The client secret is read here and
# by signin.provider only; Django's error reports hide settings named *SECRET*.
OIDC_ISSUER = env("OIDC_ISSUER", "").rstrip("/")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = env("OIDC_SCOPES", "openid email profile")
# The claim that links the account to the organisation's person (by the person's e-mail address).
OIDC_LINK_CLAIM = env("OIDC_LINK_CLAIM", "email")
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", "groups")
# Empty: the system administrator keeps the roles in the app. Else "group=role,group=role": at each
# sign-in the roles named here follow the provider's groups.
OIDC_ROLE_GROUPS = env_pairs("OIDC_ROLE_GROUPS")
OIDC_CLOCK_SKEW_SECONDS = int(env("OIDC_CLOCK_SKEW_SECONDS", "60"))
OIDC_TIMEOUT_SECONDS = int(env("OIDC_TIMEOUT_SECONDS", "10"))
PASSWORD_SIGN_IN = env_bool("PASSWORD_SIGN_IN", default=True)
PASSWORD_SIGN_IN_USERS = env_list("PASSWORD_SIGN_IN_USERS", [])
# Whom a signed-in user without a role should ask; empty: the system administrators are named.
SIGNIN_HELP_CONTACT = env("SIGNIN_HELP_CONTACT", "")
# A session ends after this long without a request, and in any case this many hours after sign-in.
SESSION_IDLE_MINUTES = int(env("SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = int(env("SESSION_MAX_HOURS", "12")) * 60 * 60

# The client's address (styrmodell.net.client_ip): REMOTE_ADDR when clients connect directly (0).
# Behind a TLS proxy, the number of proxies in front of the app that append to X-Forwarded-For (1 for
# the one proxy the README recommends): the address the outermost of them saw is the client's.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Failed-login throttling (django-axes): five failures for one username from one address lock
# that combination for fifteen minutes; a successful sign-in resets the count. The address is the
# client's, also behind the proxy, so one client cannot lock a user out for everybody.
AXES_CLIENT_IP_CALLABLE = "styrmodell.net.client_ip"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Password reset e-mails per hour, per e-mail address and per client address (styrmodell.accounts);
# past either limit nothing is sent and the form says to try again later.
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = int(env("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", "3"))
PASSWORD_RESET_PER_CLIENT_PER_HOUR = int(env("PASSWORD_RESET_PER_CLIENT_PER_HOUR", "10"))

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Governing documents' PDFs live outside MEDIA_ROOT and have no URL: only a view that checks who
# is asking serves them (documents.views.document_file).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
GOVERNING_DOCUMENT_MAX_BYTES = int(env("GOVERNING_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The reports' PDFs (reports.models.ReportVersion) are written by the worker and served by the web
# through views that check access, so both must reach the same files: by default a private folder
# under PRIVATE_MEDIA_ROOT (docker-compose shares it as a volume), or an S3-compatible object store
# (django-storages) when REPORTS_S3_BUCKET is set; the README shows the settings.
REPORTS_S3_BUCKET = env("REPORTS_S3_BUCKET", "")
if REPORTS_S3_BUCKET:
    STORAGES["reports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": REPORTS_S3_BUCKET,
            "endpoint_url": env("REPORTS_S3_ENDPOINT_URL", "") or None,
            "region_name": env("REPORTS_S3_REGION", "") or None,
            "access_key": env("REPORTS_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env("REPORTS_S3_SECRET_ACCESS_KEY", "") or None,
            # Private objects, never a public URL: the views stream them after checking access.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["reports"] = {"BACKEND": "documents.storage.PrivateStorage"}
# A report build queued or under way longer than this has stalled (the worker stopped, the queue lost
# it): the page offers to try again, and a redelivered task takes it over.
REPORT_BUILD_STALL_MINUTES = int(env("REPORT_BUILD_STALL_MINUTES", "15"))
# Insyn: the public pages (/insyn/) and the open data API (/api/). Off answers 404 everywhere under both.
PUBLIC_SITE_ENABLED = env_bool("PUBLIC_SITE_ENABLED", default=True)
# The websites that may show Insyn's embeddable views in an <iframe> (CSP frame-ancestors), e.g.
# "https://www.ange.se". Empty: only this site itself.
PUBLIC_FRAME_ANCESTORS = env_list("PUBLIC_FRAME_ANCESTORS", [])
# How long a public page or API answer is kept at most; a new adoption replaces it at once.
PUBLIC_CACHE_SECONDS = int(env("PUBLIC_CACHE_SECONDS", "600"))
# Anonymous API clients: requests per period (DRF's rate syntax, "120/min").
PUBLIC_API_RATE = env("PUBLIC_API_RATE", "120/min")
# Where the public reports an accessibility problem with Insyn, as its accessibility statement says:
# an e-mail address or a web address (a contact form), e.g. "kommunen@ange.se". Empty: a neutral text.
PUBLIC_ACCESSIBILITY_CONTACT = env("PUBLIC_ACCESSIBILITY_CONTACT", "")
# The open data's contact point in the DCAT description (vcard:hasEmail), e.g. "kommun@ange.se".
# Empty: the description points to the public pages instead.
PUBLIC_CONTACT_EMAIL = env("PUBLIC_CONTACT_EMAIL", "")

# The open data API (insyn/api/): read-only, anonymous, JSON and CSV, throttled per client, paginated.
# Nobody signs in to it: no authentication (so no session or CSRF is touched) and no browsable API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "insyn.api.renderers.CSVRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["insyn.api.throttles.PublicApiThrottle"],
    "DEFAULT_PAGINATION_CLASS": "insyn.api.pagination.PublicPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "insyn.api.schema.PublicAutoSchema",
    # Amounts and indicator values are JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": "format",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "insyn.api.renderers.StrictFormatNegotiation",
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("Open data on the municipality's governance"),
    "DESCRIPTION": _(
        "What the municipality's bodies have adopted: goals with indicators, operational plans with "
        "activities, budgets, follow-up rounds, the annual wheel, governing documents and reports. "
        "Read-only and open to everyone, as JSON or CSV (?format=csv or Accept: text/csv)."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ActivityKindEnum": "planning.models.Activity.Kind",
        "BudgetVersionKindEnum": "budget.models.BudgetVersion.Kind",
        "RoundKindEnum": "followup.models.ReportKind",
        "ReportKindEnum": "reports.models.Kind",
    },
}

# The municipality's coat of arms on the reports' covers: a path to an SVG or PNG file, if any.
MUNICIPALITY_COAT_OF_ARMS = env("MUNICIPALITY_COAT_OF_ARMS", "")

# Parallel test processes (`make test` runs two) each take a Redis database of their own.
REDIS_URL = redis_url_of_test_worker(env("REDIS_URL", ""))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A connection attempt to Redis (broker or results) gives up after this many seconds instead of the
# system's TCP timeout; the worker then tries again on its own schedule.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
# A request queues its task (styrmodell.queueing) or says at once that the background service is away:
# it waits at most about this many seconds for the broker.
QUEUE_TIMEOUT_SECONDS = float(env("QUEUE_TIMEOUT_SECONDS", "2"))
# Celery beat's schedule lives here (django-celery-beat does not support Django 6.1).
CELERY_BEAT_SCHEDULE: dict = {}
# The annual wheel: generate this year's and next year's deadlines every night (calendar_wheel.tasks).
CELERY_BEAT_SCHEDULE["calendar-wheel-generate-upcoming"] = {
    "task": "calendar_wheel.tasks.generate_upcoming_wheels",
    "schedule": crontab(hour=2, minute=0),
}
# Reminders of the wheel's deadlines: every morning, at these numbers of days before each deadline
# (calendar_wheel.tasks.send_daily_reminders; e.g. REMINDER_OFFSETS_DAYS="28,7,0").
CELERY_BEAT_SCHEDULE["calendar-wheel-send-reminders"] = {
    "task": "calendar_wheel.tasks.send_daily_reminders",
    "schedule": crontab(hour=6, minute=0),
}
# Follow-up: every morning, remind the units that have not reported in a round whose input closes in
# FOLLOWUP_REMINDER_DAYS_BEFORE days (followup.tasks.send_round_reminders).
CELERY_BEAT_SCHEDULE["followup-send-round-reminders"] = {
    "task": "followup.tasks.send_round_reminders",
    "schedule": crontab(hour=6, minute=15),
}
# Access that follows the mandate (organisation.tasks.reconcile_access): every night just after
# midnight, so that a term ending on 14 October lapses first thing on the 15th. The hour is Stockholm's
# (CELERY_TIMEZONE = TIME_ZONE above), the same day as timezone.localdate() in the task.
CELERY_BEAT_SCHEDULE["organisation-reconcile-access"] = {
    "task": "organisation.tasks.reconcile_access",
    "schedule": crontab(hour=0, minute=5),
}
REMINDER_OFFSETS_DAYS = [int(n) for n in env("REMINDER_OFFSETS_DAYS", "28,7,0").split(",") if n.strip()]
# Follow-up (followup.rounds): a round's input closes this many working days before the KS meeting that
# handles its report; the units that have not reported are reminded these many days before it closes.
FOLLOWUP_INPUT_CLOSES_WORKING_DAYS = int(env("FOLLOWUP_INPUT_CLOSES_WORKING_DAYS", "5"))
FOLLOWUP_REMINDER_DAYS_BEFORE = [
    int(n) for n in env("FOLLOWUP_REMINDER_DAYS_BEFORE", "5,1").split(",") if n.strip()
]
# The economy's follow-up (economy app): the accounting dimensions that carry the activity areas' units
# (SIE's dimension 1, kostnadsställe/ansvar) and the investment projects (dimension 6, projekt); and
# when a forecast deficit is flagged for KF (R30): beyond this many kronor, or this percentage of the
# area's budgeted net cost, whichever is smaller (an empty value turns that test off).
# The economy at a KS meeting reports the books through the end of the month this many months before
# the meeting's month (followup.rounds.economy_dates; 2: a meeting in December reports through October).
ECONOMY_OUTCOME_LAG_MONTHS = int(env("ECONOMY_OUTCOME_LAG_MONTHS", "2"))
ECONOMY_AREA_DIMENSION = int(env("ECONOMY_AREA_DIMENSION", "1"))
ECONOMY_PROJECT_DIMENSION = int(env("ECONOMY_PROJECT_DIMENSION", "6"))
ECONOMY_DEFICIT_THRESHOLD_KRONOR = env("ECONOMY_DEFICIT_THRESHOLD_KRONOR", "500000")
ECONOMY_DEFICIT_THRESHOLD_PERCENT = env("ECONOMY_DEFICIT_THRESHOLD_PERCENT", "1.0")
ECONOMY_IMPORT_MAX_BYTES = int(env("ECONOMY_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
# A failed send is retried after this many seconds, doubling each time (five attempts).
REMINDER_RETRY_SECONDS = int(env("REMINDER_RETRY_SECONDS", "60"))
# The address the e-mails link to.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Months of the annual wheel's steps that the governance document gives no month for (assumptions), by
# step code; override e.g. WHEEL_ASSUMED_MONTHS="annual-report-to-kf=3,internal-control-plan=1".
WHEEL_ASSUMED_MONTHS = {
    "annual-report-to-kf": 4,
    "internal-control-plan": 12,
    "planning-prerequisites-report": 11,
    "ks-handles-tertial-report": 6,
    "ks-handles-interim-report": 10,
    "ks-handles-annual-report": 3,
}
WHEEL_ASSUMED_MONTHS |= {
    code.strip(): int(month)
    for code, _, month in (item.partition("=") for item in env_list("WHEEL_ASSUMED_MONTHS", []))
}

# Kolada, the national KPI database: the import (goals.kolada) reads from here; tests point it at a
# local server replaying recorded responses.
KOLADA_BASE_URL = env("KOLADA_BASE_URL", "https://api.kolada.se/v3")
KOLADA_TIMEOUT = float(env("KOLADA_TIMEOUT", "20"))

# E-mail: printed to the console in development unless an SMTP server is configured; production
# always sends through SMTP (EMAIL_HOST, by default a relay on the host itself).
if PRODUCTION or env("EMAIL_HOST", ""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST", "localhost"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER", ""),
                "password": env("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Styrmodell <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content-Security-Policy in every environment, without unsafe-inline or unsafe-eval: htmx is
# configured (meta htmx-config) not to inject styles or evaluate code, and templates use no
# inline scripts, hx-on or style attributes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # Signing out sends the browser on to the provider's end-session page.
    "form-action": [CSP.SELF, *([origin_of(OIDC_ISSUER)] if OIDC_ISSUER else [])],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Health checks from the load balancer and Docker come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
