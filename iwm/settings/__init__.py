"""Settings modules: ``base`` (local development, embedded servers by default), ``test`` and
``production``. An optional ``.env`` file at the repository root is read first; variables
already in the environment win over it."""

from pathlib import Path

import environ

environ.Env.read_env(Path(__file__).resolve().parent.parent.parent / ".env", overwrite=False)
