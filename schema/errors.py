"""The one exception tree of benchtable.

    BenchtableError                 anything benchtable refuses, with a message for a person
    ├── ConfigError                 a sources file, report config or vocabulary is malformed
    ├── UnknownSourceError          a source id that is not registered
    ├── FetchError                  a document could not be fetched (network, HTTP status, size)
    ├── DocumentError               a document's bytes cannot be read as its content type
    ├── StoreError                  the database or blob store cannot be opened or written
    │   └── DatabaseBusyError       another process (not a refresh) has the DuckDB file open
    ├── QueryError                  a user's SQL failed
    └── LockError                   another refresh holds the lock

Only the CLI turns these into messages and exit codes.
"""

from __future__ import annotations


class BenchtableError(Exception):
    """Base of every error benchtable raises on purpose."""

    exit_code = 1


class ConfigError(BenchtableError):
    """A configuration file (sources, report, vocabulary) is malformed."""

    exit_code = 2


class UnknownSourceError(ConfigError):
    """A source id that the sources registry does not hold."""


class FetchError(BenchtableError):
    """A document could not be fetched.

    `http_status` is the last HTTP status the server answered (None: no answer, e.g. a
    timeout or a refused redirect before any response); `attempts` how many requests were
    made before giving up (0: refused before the first)."""

    def __init__(self, message: str, *, http_status: int | None = None, attempts: int = 0) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.attempts = attempts


class DocumentError(BenchtableError):
    """A document's bytes cannot be parsed as its content type."""


class StoreError(BenchtableError):
    """The database or the blob store cannot be opened or written."""


class DatabaseBusyError(StoreError):
    """Another process, not a benchtable refresh, has the DuckDB file open (exit code 4)."""

    exit_code = 4


class QueryError(BenchtableError):
    """A user's read-only SQL query failed."""


class LockError(BenchtableError):
    """Another refresh already holds the database lock."""

    exit_code = 3
