"""The environment variables IWM reads: one declaration each, with a strict parser and a default.

Settings, the launcher and the operator commands read every variable through ``env(NAME)``, so a
value of the wrong form stops start-up with one line naming the variable and what it accepts:

    DEBUG=maybe is not valid: expected true or false (also 1/0, yes/no, on/off)

django-environ's own casts are lenient (``bool("maybe")`` is False, an int accepts "²"), which is
why the parsers are written out here; django-environ still reads ``.env`` and parses database URLs.
Importing this module needs no Django settings, so the launcher can validate before it starts
anything. README.md's configuration table lists exactly these variables (a test keeps them equal).
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}
_ASCII_INT = re.compile(r"[+-]?[0-9]{1,18}")
_ASCII_FLOAT = re.compile(r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]{0,9})?|\.[0-9]{1,9})")
_RATE = re.compile(r"[0-9]{1,9}/(?:s|sec|second|m|min|minute|h|hour|d|day)")
_HOST = re.compile(r"[A-Za-z0-9.\-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Invalid(ValueError):
    """A value a parser refuses; the message says what is accepted."""


def _boolean(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise Invalid("expected true or false (also 1/0, yes/no, on/off)")


def integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    if minimum is not None and maximum is not None:
        accepted = f"expected a whole number from {minimum} to {maximum}"
    elif minimum is not None:
        accepted = f"expected a whole number, at least {minimum}"
    else:
        accepted = "expected a whole number"

    def parse(raw: str) -> int:
        text = raw.strip()
        if not _ASCII_INT.fullmatch(text):
            raise Invalid(accepted)
        value = int(text)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise Invalid(accepted)
        return value

    return parse


def number(minimum: float) -> Callable[[str], float]:
    accepted = f"expected a number greater than {minimum:g}"

    def parse(raw: str) -> float:
        text = raw.strip()
        if not _ASCII_FLOAT.fullmatch(text) or float(text) <= minimum:
            raise Invalid(accepted)
        return float(text)

    return parse


def choice(*options: str, case: Callable[[str], str] = str.lower) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = case(raw.strip())
        if value not in options:
            raise Invalid(f"expected one of {', '.join(options)}")
        return value

    return parse


def _text(raw: str) -> str:
    return raw


def _nonempty(raw: str) -> str:
    if not raw.strip():
        raise Invalid("expected a non-empty value")
    return raw.strip()


def _path(raw: str) -> Path:
    if not raw.strip():
        raise Invalid("expected a folder path")
    return Path(raw.strip()).expanduser()


def _host(raw: str) -> str:
    value = raw.strip()
    if not _HOST.fullmatch(value):
        raise Invalid("expected a host name or IP address, such as 127.0.0.1, 0.0.0.0 or localhost")
    return value


def _hosts(raw: str) -> list[str]:
    hosts = [part.strip() for part in raw.split(",") if part.strip()]
    if any(re.search(r"\s|/", host) for host in hosts):
        raise Invalid("expected comma-separated host names, such as iwm.example.com,.example.org")
    return hosts


def _origins(raw: str) -> list[str]:
    origins = [part.strip() for part in raw.split(",") if part.strip()]
    for origin in origins:
        if not re.fullmatch(r"https?://[^\s/]+", origin):
            raise Invalid("expected comma-separated origins with their scheme, such as https://iwm.example.com")
    return origins


def _database_url(raw: str) -> str:
    value = raw.strip()
    if value and not re.match(r"(postgres|postgresql|pgsql)://", value):
        raise Invalid("expected a PostgreSQL URL, postgres://user:password@host:port/dbname")
    return value


def _database_urls(raw: str) -> list[str]:
    """Comma-separated PostgreSQL URLs (read replicas), each naming its database; empty: none."""
    urls = [part.strip() for part in raw.split(",") if part.strip()]
    for url in urls:
        match = re.fullmatch(r"(?:postgres|postgresql|pgsql)://[^/\s]*/([^/?\s]+)(?:\?\S*)?", url)
        if not match:
            raise Invalid(
                "expected comma-separated PostgreSQL URLs with a database name, "
                "postgres://user:password@replica1:5432/iwm,postgres://...@replica2/iwm"
            )
    if len(set(urls)) != len(urls):
        raise Invalid("expected each replica URL once")
    return urls


def _networks(raw: str) -> list[str]:
    """Comma-separated IP addresses or networks (10.0.0.0/8); kept as strings, parsed where used."""
    networks = [part.strip() for part in raw.split(",") if part.strip()]
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise Invalid("expected comma-separated IP addresses or networks, such as 127.0.0.1,10.0.0.0/8") from None
    return networks


def _token(raw: str) -> str:
    value = raw.strip()
    if value and (len(value) < 16 or not re.fullmatch(r"[A-Za-z0-9._~+/=-]+", value)):
        raise Invalid("expected a token of at least 16 letters, digits or -._~+/= (or nothing)")
    return value


def _json_object(raw: str) -> dict:
    try:
        value = json.loads(raw) if raw.strip() else {}
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise Invalid('expected a JSON object, such as {"location": "/srv/iwm/media"}')
    return value


def _class_path(raw: str) -> str:
    value = raw.strip()
    if not _MODULE.fullmatch(value) or "." not in value:
        raise Invalid("expected a dotted class path, such as django.core.files.storage.FileSystemStorage")
    return value


def _redis_url(raw: str) -> str:
    value = raw.strip()
    if value and not re.match(r"(redis|rediss|unix)://", value):
        raise Invalid("expected a Redis URL, redis://host:6379/0 (or rediss://, unix:///path/to/redis.sock)")
    return value


def _rate(raw: str) -> str:
    value = raw.strip()
    if not _RATE.fullmatch(value):
        raise Invalid("expected requests per period, such as 20/min (periods: s, min, hour, day)")
    return value


def _time_zone(raw: str) -> str:
    value = raw.strip()
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Invalid("expected an IANA time zone name, such as UTC or Europe/Paris") from None
    return value


def _email(raw: str) -> str:
    value = raw.strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+", value):
        raise Invalid("expected an email address")
    return value


def _password(raw: str) -> str:
    if len(raw) < 10:
        raise Invalid("expected a password of at least 10 characters")
    return raw


def _module(raw: str) -> str:
    value = raw.strip()
    if not _MODULE.fullmatch(value):
        raise Invalid("expected a Python module path, such as iwm.settings.production")
    return value


def _single_line(raw: str) -> str:
    if any(ord(char) < 32 for char in raw):
        raise Invalid("expected one line of text without control characters")
    return raw


def _from_address(raw: str) -> str:
    value = raw.strip()
    if not re.fullmatch(r"[^<>@\s][^<>@]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+", value):
        raise Invalid("expected an email address, optionally with a name: IWM <no-reply@example.com>")
    return value


def _reset_url(raw: str) -> str:
    value = raw.strip()
    if value and not (re.match(r"https?://", value) and "{uid}" in value and "{token}" in value):
        raise Invalid("expected an http(s) URL containing {uid} and {token}, or nothing")
    return value


@dataclass(frozen=True)
class Variable:
    name: str
    parse: Callable[[str], Any]
    default: Any  # a parsed value; None when "unset" has its own meaning (see the setting)


_BOOL = _boolean
VARIABLES: dict[str, Variable] = {
    var.name: var
    for var in [
        Variable("DATABASE_URL", _database_url, ""),
        Variable("REDIS_URL", _redis_url, ""),
        Variable("DATABASE_POOL_MIN_SIZE", integer(0, 1000), 2),
        Variable("DATABASE_POOL_MAX_SIZE", integer(1, 1000), 10),
        Variable("DATABASE_POOL_TIMEOUT", number(0), 10.0),
        Variable("DATABASE_STATEMENT_TIMEOUT_MS", integer(0), 0),
        Variable("DATABASE_REPLICA_URLS", _database_urls, []),
        Variable("DATABASE_REPLICA_RETRY_SECONDS", integer(1, 3600), 10),
        Variable("READ_YOUR_WRITES_SECONDS", integer(0, 3600), 5),
        Variable("SECRET_KEY", _nonempty, None),  # unset: a random key kept in var/secret_key
        Variable("DEBUG", _BOOL, True),
        Variable("ALLOWED_HOSTS", _hosts, ["127.0.0.1", "localhost", "[::1]", "testserver"]),
        Variable("CSRF_TRUSTED_ORIGINS", _origins, []),
        Variable("CORS_ALLOWED_ORIGINS", _origins, []),
        Variable("TIME_ZONE", _time_zone, "UTC"),
        Variable("API_PAGE_SIZE", integer(1, 1000), 20),
        Variable("API_MAX_PAGE_SIZE", integer(1, 10000), 100),
        Variable("AUTH_THROTTLE_RATE", _rate, "20/min"),
        Variable("JWT_ACCESS_MINUTES", integer(1), 15),
        Variable("JWT_REFRESH_DAYS", integer(1), 7),
        Variable("TRUSTED_PROXY_COUNT", integer(0, 20), 0),
        Variable("LOGIN_FAILURE_LIMIT", integer(1, 1000), 5),
        Variable("LOGIN_LOCKOUT_MINUTES", integer(1, 60 * 24 * 30), 15),
        Variable("EMAIL_BACKEND", _module, "django.core.mail.backends.filebased.EmailBackend"),
        Variable("EMAIL_HOST", _host, "localhost"),
        Variable("EMAIL_PORT", integer(1, 65535), 25),
        Variable("EMAIL_HOST_USER", _single_line, ""),
        Variable("EMAIL_HOST_PASSWORD", _single_line, ""),
        Variable("EMAIL_USE_TLS", _BOOL, False),
        Variable("DEFAULT_FROM_EMAIL", _from_address, "IWM <no-reply@iwm.local>"),
        Variable("PASSWORD_RESET_URL", _reset_url, ""),
        Variable("NOTIFICATION_RETENTION_MONTHS", integer(1, 120), 6),
        Variable("PULSE_CLEANUP_DAYS", integer(30, 36500), 365),
        Variable("QUIZ_ATTEMPT_MAX_AGE_HOURS", integer(1, 24 * 365), 24),
        Variable("BROKER_VISIBILITY_TIMEOUT", integer(1, 7 * 24 * 3600), 3600),
        Variable("EMBEDDER", choice("tfidf", "sentence-transformer"), "tfidf"),
        Variable("BACKUP_DIR", _path, BASE_DIR / "var" / "backups"),
        Variable("BACKUP_KEEP", integer(1), 7),
        Variable("LOG_LEVEL", choice(*LOG_LEVELS, case=str.upper), "INFO"),
        Variable("LOG_FORMAT", choice("plain", "json"), "plain"),
        Variable("METRICS_ENABLED", _BOOL, False),
        Variable("METRICS_TOKEN", _token, ""),
        Variable("METRICS_ALLOWED_IPS", _networks, []),
        Variable("PROMETHEUS_MULTIPROC_DIR", _path, None),  # unset: var/prometheus
        Variable("MEDIA_ROOT", _path, None),  # unset: var/media
        Variable("STORAGE_BACKEND", _class_path, "django.core.files.storage.FileSystemStorage"),
        Variable("STORAGE_OPTIONS", _json_object, {}),
        Variable("IWM_HOST", _host, "127.0.0.1"),
        Variable("IWM_PORT", integer(1, 65535), 8000),
        Variable("WEB_WORKERS", integer(1, 256), None),  # unset: one per CPU core
        Variable("WEB_THREADS", integer(1, 64), 4),
        Variable("IWM_VAR_DIR", _path, BASE_DIR / "var"),
        Variable("DEMO_ADMIN_EMAIL", _email, "admin@iwm.local"),
        Variable("DEMO_ADMIN_PASSWORD", _password, None),  # unset: generated, printed once
        Variable("DEMO_MODERATOR_EMAIL", _email, "moderator@iwm.local"),
        Variable("DEMO_MODERATOR_PASSWORD", _password, None),
        Variable("SECURE_SSL_REDIRECT", _BOOL, True),  # production only
        Variable("SECURE_HSTS_SECONDS", integer(0), 60 * 60 * 24 * 365),  # production only
        Variable("DJANGO_SETTINGS_MODULE", _module, "iwm.settings.base"),
    ]
}


class Env:
    """Reads declared variables from a mapping (os.environ by default), strictly."""

    def __init__(self, variables: Mapping[str, Variable] = VARIABLES, environ: Mapping[str, str] | None = None):
        self.variables = variables
        self.environ = os.environ if environ is None else environ

    def is_set(self, name: str) -> bool:
        return name in self.environ

    def __call__(self, name: str):
        variable = self.variables[name]  # KeyError: declare it in VARIABLES (and README.md) first
        raw = self.environ.get(name)
        if raw is None:
            return variable.default
        try:
            return variable.parse(raw)
        except Invalid as exc:
            raise ImproperlyConfigured(f"{name}={_shown(name, raw)} is not valid: {exc}") from None

    def problems(self, names=None) -> list[str]:
        """One message per invalid variable, in declaration order."""
        found = []
        for name in names or self.variables:
            try:
                self(name)
            except ImproperlyConfigured as exc:
                found.append(str(exc))
        return found

    def validate(self, names=None) -> None:
        """Raise one ImproperlyConfigured (one line) naming every invalid variable."""
        found = self.problems(names)
        if found:
            raise ImproperlyConfigured("; ".join(found))


def _shown(name: str, raw: str) -> str:
    if "PASSWORD" in name or name in {"SECRET_KEY", "METRICS_TOKEN"}:
        return "(hidden)"
    text = re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", raw)  # no password from a URL in a message
    text = text if len(text) <= 60 else text[:57] + "..."
    return repr(text) if (not text or re.search(r"[\s;'\"]", text)) else text


env = Env()
