"""Alongside settings: one module, read from the environment (STYLE.md habit 10).

``ALONGSIDE_MODE`` is ``development`` (the default: SQLite under ``var/``, in-process tasks,
generated keys) or ``production`` (refuses to start without its secrets). Every variable is
documented in the README's configuration table.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alongside import environment as env
from alongside.network import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.string("ALONGSIDE_VAR_DIR", str(BASE_DIR / "var")))

try:
    MODE = env.choice("ALONGSIDE_MODE", "development", ("development", "production"))
    PRODUCTION = MODE == "production"
    DEBUG = env.boolean("DJANGO_DEBUG", default=False)
    if PRODUCTION and DEBUG:
        raise env.ConfigurationError("DJANGO_DEBUG cannot be true when ALONGSIDE_MODE=production.")

    SECRET_KEY = env.string("SECRET_KEY")
    DATABASE_URL = env.string("DATABASE_URL")
    # --- Audit trail: database roles (audit/database_roles.py) ---------------------------------
    # Given only to the one-shot migrate service: the tables' owner, which can alter them and
    # their triggers. Where it is set, this process connects as the owner instead of the
    # application role of DATABASE_URL, which may only read and add to the audit trail.
    MIGRATE_DATABASE_URL = env.string("MIGRATE_DATABASE_URL")
    # --- end audit trail -----------------------------------------------------------------------
    ALLOWED_HOSTS = env.string_list(
        "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"]
    )
    REDIS_URL = env.string("REDIS_URL")
    TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)
    # The addresses (or networks) our proxies connect from. Forwarding headers from any other
    # peer are dropped (alongside.network), so reaching the web process directly buys nothing.
    TRUSTED_PROXIES = env.string_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
    try:
        parse_networks(TRUSTED_PROXIES)
    except ValueError as error:
        raise env.ConfigurationError(
            f"TRUSTED_PROXIES is a comma-separated list of addresses or networks: {error}."
        ) from None
    # Who agrees to a change that would hand someone access to survivor data (an account's
    # email, second factor or password link, a role that sees survivors): the account holder,
    # a second administrator, or (one administrator) a delay with notice. accounts.change_requests
    ACCOUNT_CHANGE_APPROVAL = env.choice(
        "ACCOUNT_CHANGE_APPROVAL",
        "second_administrator",
        ("holder", "second_administrator", "delay"),
    )
    ACCOUNT_CHANGE_DELAY_HOURS = env.integer("ACCOUNT_CHANGE_DELAY_HOURS", 48, minimum=1)
    ACCOUNT_CHANGE_EXPIRY_HOURS = env.integer("ACCOUNT_CHANGE_EXPIRY_HOURS", 72, minimum=1)
    SESSION_IDLE_MINUTES = env.integer("SESSION_IDLE_MINUTES", 15, minimum=1)
    SESSION_ABSOLUTE_HOURS = env.integer("SESSION_ABSOLUTE_HOURS", 8, minimum=1)
    CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
    DEFAULT_FROM_EMAIL = env.string("EMAIL_FROM", "alongside@localhost")
    # Logging levels, in any case ("warning" is what people type); anything else stops start-up
    # here rather than killing every worker later inside logging.config.
    LOG_LEVEL = (env.string("LOG_LEVEL", "INFO") or "INFO").upper()
    if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise env.ConfigurationError(
            "LOG_LEVEL must be one of debug, info, warning, error or critical (any case), "
            f"not {env.string('LOG_LEVEL')!r}."
        )

    if PRODUCTION:
        missing = [
            name
            for name, value in (
                ("SECRET_KEY", SECRET_KEY),
                ("DATABASE_URL", DATABASE_URL),
                ("ALLOWED_HOSTS", ALLOWED_HOSTS),
            )
            if not value
        ]
        if missing:
            raise env.ConfigurationError(
                f"Production mode needs {', '.join(missing)} (or the matching *_FILE)."
            )
        if len(SECRET_KEY) < 50:
            raise env.ConfigurationError("SECRET_KEY must be at least 50 characters in production.")
except env.ConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from None

if not SECRET_KEY:
    # Development only: a per-checkout key, kept beside the SQLite file and never committed.
    from alongside.development import development_secret_key

    SECRET_KEY = development_secret_key(VAR_DIR)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "alongside",
    "django_otp",
    "axes",
    "guardian",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "protection",
    "audit",
    "organization",
    "cases",
    "reminders",
    "directory",
    "consent",
    "clinicians",
    "referrals",
    "reports",
    "accounts",
]

MIDDLEWARE = [
    # First: forwarding headers from a peer that is not our proxy never reach anything below.
    "alongside.network.UntrustedForwardingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "audit.context.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Unwrapped data keys live for one request only.
    "protection.middleware.DataKeyCacheMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "accounts.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes goes last so that it sees the outcome of authentication in the views above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.navigation.navigation",
            ],
        },
    },
]

if DATABASE_URL or MIGRATE_DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(MIGRATE_DATABASE_URL or DATABASE_URL, conn_max_age=60)
        }
    except ValueError as error:
        name = "MIGRATE_DATABASE_URL" if MIGRATE_DATABASE_URL else "DATABASE_URL"
        raise ImproperlyConfigured(f"{name} is malformed: {error}") from None
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "alongside.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.RoleModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sessions: idle timeout through the cookie age refreshed on every request, the absolute limit
# and the friendly "your session expired" message through accounts.middleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_IDLE_LIMIT = timedelta(minutes=SESSION_IDLE_MINUTES)
SESSION_ABSOLUTE_LIMIT = timedelta(hours=SESSION_ABSOLUTE_HOURS)
CSRF_COOKIE_HTTPONLY = True

# Sign-in lockout: five failures in fifteen minutes for one account from one address. The
# address comes from our own resolver, which trusts X-Forwarded-For only as far as the
# configured number of proxies, so a forged header cannot buy a fresh address per attempt.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "alongside.network.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.signin.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "token", "otp_token"]

OTP_TOTP_ISSUER = "Alongside"
OTP_TOTP_THROTTLE_FACTOR = 1

# A user with no business anywhere gets nothing: no anonymous guardian user.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.string("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    # WhiteNoise serves from finders in development but expects the root to exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "files"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Security headers. The CSP allows no inline script anywhere; the API docs page loads its
# initialiser from our own static files.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", default=True)
    # Container and load-balancer health probes speak plain HTTP to the web process itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if TRUSTED_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiTokenAuthentication",
        "accounts.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "alongside.api.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "alongside.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "alongside.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alongside API",
    "DESCRIPTION": "Case management for anti-trafficking service organizations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A PATCH serializer already says which fields are optional (only those sent change) and
    # which are not (the version read): document it as written, not as all-optional.
    "COMPONENT_SPLIT_PATCH": False,
    # Several models have a "status"; name each vocabulary after what it is.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.choices.CaseStatus",
        "GoalStatusEnum": "cases.choices.GoalStatus",
        "CloseReasonEnum": "cases.choices.CloseReason",
        # Kept as they were named before other apps' "method" and "category" arrived.
        "MethodEnum": "cases.choices.ContactMethod",
        "CategoryEnum": "cases.choices.ServiceCategory",
        "ReleaseStatusEnum": "consent.choices.ReleaseStatus",
        "DataCategoryEnum": "consent.choices.DataCategory",
        # What a release, restriction or referral may name: the categories some app fills.
        "OfferedDataCategoryEnum": "consent.packet.OFFERED_CHOICES",
        "PurposeEnum": "consent.choices.Purpose",
        "ConsentMethodEnum": "consent.choices.ConsentMethod",
        "RevocationMethodEnum": "consent.choices.RevocationMethod",
        "ServiceStatusEnum": "directory.models.ServiceStatus",
        "NoteKindEnum": "cases.choices.NoteKind",
        "ModalityEnum": "clinicians.choices.Modality",
        "AssignmentEndReasonEnum": "clinicians.choices.AssignmentEndReason",
        "TrainingKindEnum": "clinicians.choices.TrainingKind",
        "ClinicianGenderEnum": "clinicians.choices.ClinicianGender",
        "ReferralStatusEnum": "referrals.choices.ReferralStatus",
        "DeclineReasonEnum": "referrals.choices.DeclineReason",
        "ReferralOutcomeEnum": "referrals.choices.Outcome",
        "ReferralSideEnum": "referrals.choices.Side",
        "UrgencyEnum": "referrals.choices.Urgency",
        "ReportKindEnum": "reports.choices.ReportKind",
    },
}

# --- Audit trail: signed checkpoints, kept outside the database (audit/checkpoints.py) ---------
AUDIT_CHECKPOINT_DIR = Path(env.string("AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints")))
AUDIT_CHECKPOINT_MINUTES = env.integer("AUDIT_CHECKPOINT_MINUTES", 15, minimum=1)
# --- end audit trail

# Celery: with no REDIS_URL, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    # The tasks take no arguments (no ids, no data) and re-read what they need.
    "cases-break-glass-expire": {
        "task": "cases.break_glass_expire",
        "schedule": timedelta(minutes=5),
    },
    "accounts-change-requests-apply-due": {
        "task": "accounts.change_requests_apply_due",
        "schedule": timedelta(minutes=15),
    },
    "cases-quiet-cases-remind": {
        "task": "cases.quiet_cases_remind",
        "schedule": timedelta(days=1),
    },
    "consent-releases-expire": {
        "task": "consent.releases_expire",
        "schedule": timedelta(days=1),
    },
    "clinicians-licence-reminders-create": {
        "task": "clinicians.licence_reminders_create",
        "schedule": timedelta(days=1),
    },
    # Referrals past their deadlines: the sender reminded, then a supervisor told.
    "referrals-deadlines-check": {
        "task": "referrals.deadlines_check",
        "schedule": timedelta(minutes=30),
    },
    # --- Audit trail: signed checkpoints of the chain heads (audit/checkpoints.py) ------------
    "audit-checkpoint-write": {
        "task": "audit.checkpoint_write",
        "schedule": timedelta(minutes=AUDIT_CHECKPOINT_MINUTES),
    },
    # --- end audit trail
}

# Phone numbers typed without a country code are read in this region (blind indexes, E.164).
PHONE_REGION = env.string("ALONGSIDE_PHONE_REGION", "US").upper()
if len(PHONE_REGION) != 2 or not PHONE_REGION.isalpha():
    raise ImproperlyConfigured(
        "ALONGSIDE_PHONE_REGION must be a two-letter region code such as US or GB."
    )

# Cases: no automatic closure, ever. A case quiet this long gives its lead advocate a reminder.
API_TOKEN_DAYS = env.integer("API_TOKEN_DAYS", 90, minimum=1)
# A set-password link lives two days (Django's default is three).
PASSWORD_RESET_TIMEOUT = 2 * 24 * 60 * 60
QUIET_CASE_DAYS = env.integer("QUIET_CASE_DAYS", 30, minimum=1)
BREAK_GLASS_MINUTES = env.integer("BREAK_GLASS_MINUTES", 60, minimum=5)
# Whether the duplicate check at intake may say how many matching cases are outside what the
# person may see. Knowing that someone is a survivor served elsewhere is itself a disclosure, so
# it is off unless the organization decides otherwise; each such answer is audited.
DUPLICATE_COUNT_ACROSS_PROGRAMS = env.boolean("DUPLICATE_COUNT_ACROSS_PROGRAMS", False)

# Consent (consent/): every release expires; a verbal one is confirmed in writing in time.
CONSENT_DEFAULT_DAYS = env.integer("CONSENT_DEFAULT_DAYS", 90, minimum=1)
CONSENT_MAX_DAYS = env.integer("CONSENT_MAX_DAYS", 365, minimum=1)
if CONSENT_DEFAULT_DAYS > CONSENT_MAX_DAYS:
    raise ImproperlyConfigured("CONSENT_DEFAULT_DAYS cannot be more than CONSENT_MAX_DAYS.")
CONSENT_VERBAL_CONFIRM_DAYS = env.integer("CONSENT_VERBAL_CONFIRM_DAYS", 14, minimum=1)
# Who signs a minor's release: guardian, minor or both; and whether a minor who may lawfully
# consent alone may sign alone (the release says so).
CONSENT_MINOR_SIGNER = env.choice("CONSENT_MINOR_SIGNER", "both", ("guardian", "minor", "both"))
CONSENT_MINOR_MAY_CONSENT_ALONE = env.boolean("CONSENT_MINOR_MAY_CONSENT_ALONE", default=False)
CONSENT_DOCUMENT_MAX_BYTES = env.integer(
    "CONSENT_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024
)
CONSENT_EXPIRY_NOTICE_DAYS = 7
# The organization named on a release's receipt as the one disclosing.
CONSENT_ORGANIZATION_NAME = env.string("CONSENT_ORGANIZATION_NAME", "Alongside")

# The partner directory's HSDS import: an upload larger than this is refused before it is read,
# and a zipped package may unpack to at most the second figure (a zip bomb stops there).
HSDS_IMPORT_MAX_BYTES = env.integer("HSDS_IMPORT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
HSDS_IMPORT_MAX_UNZIPPED_BYTES = env.integer(
    "HSDS_IMPORT_MAX_UNZIPPED_BYTES", 100 * 1024 * 1024, minimum=1024
)

# Referrals (referrals/): the origin put before the links in referral emails (the emails say
# only that something is waiting). Empty: the links are paths, which mail clients show as text.
ALONGSIDE_PUBLIC_URL = (env.string("ALONGSIDE_PUBLIC_URL", "") or "").rstrip("/")
# FHIR (consent/fhir.py): the canonical base of the product's own code systems and extensions
# (data categories, purposes, revocation), and the URI naming the organization's release
# policy (a Consent's ``policy``). Set both once and keep them: consumers match on them.
FHIR_CANONICAL_BASE = env.absolute_uri(
    "FHIR_CANONICAL_BASE", f"{ALONGSIDE_PUBLIC_URL or 'http://localhost'}/fhir"
)
CONSENT_POLICY_URI = env.absolute_uri(
    "CONSENT_POLICY_URI", f"{FHIR_CANONICAL_BASE}/policy/release-of-information"
)
# Reports (issue 13): the longest period one report may cover, and the default small-cell
# threshold: counts from 1 to it leave the organization only as "fewer than N + 1".
REPORT_MAX_PERIOD_DAYS = env.integer("REPORT_MAX_PERIOD_DAYS", 731, minimum=28)
REPORT_SUPPRESSION_THRESHOLD = env.integer("REPORT_SUPPRESSION_THRESHOLD", 4, minimum=1)
# A report over a period longer than this runs in the background (a Celery task) with progress.
REPORT_BACKGROUND_AFTER_DAYS = env.integer("REPORT_BACKGROUND_AFTER_DAYS", 186, minimum=0)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_values": {"()": "alongside.logging.StripRequestDetails"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_values"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's request logger attaches the request (with POST data) to error records.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}
