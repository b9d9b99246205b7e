"""The secret key of an install that did not set SECRET_KEY: random, made once, kept in var/.

A key in the repository would let anyone sign tokens (an admin's included) for every install
that forgot to set SECRET_KEY. Instead the first process that needs one writes 64 random bytes,
URL-safe, to ``var/secret_key`` (mode 0600); every later process, and every process started
at the same moment, reads the same file. Production settings still require SECRET_KEY.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

FILE_NAME = "secret_key"


def local_secret_key(var_dir: Path) -> str:
    path = Path(var_dir) / FILE_NAME
    with contextlib.suppress(FileNotFoundError):
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(64) + "\n")
        # link() fails if the file exists: of two processes starting together, one key wins and
        # both read it; nobody ever reads a half-written file.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if len(key) < 50:
        raise ImproperlyConfigured(f"{path} holds no usable secret key; delete it and a new one is made")
    return key
