"""Every exception cormorant raises on purpose.

The tree::

    CormorantError
    ├── ConfigError                 bad option, bad config value
    ├── ModelNotInstalledError      the spaCy model package is missing
    ├── DictionaryError             an actor dictionary, lexicon or gazetteer file is malformed
    │   └── DictionaryEntryError    one entry is malformed (names file, line and id)
    ├── IngestError                 a document could not be read (carries the reason)
    │   ├── UnreadableInputError    path missing, permission denied, not a file
    │   ├── BinaryInputError        not text
    │   ├── EncodingError           undecodable bytes
    │   ├── EmptyDocumentError      nothing left after extraction
    │   ├── InputFormatError        a JSON line or file is malformed
    │   ├── InputTooLargeError      over the size limit per document (max_bytes)
    │   └── FetchError              a feed or page could not be fetched (watch)
    ├── DocumentTimeoutError        coding one document took longer than max_seconds
    ├── EvaluationError             a gold file is malformed or of the wrong format
    ├── StoreError                  the database refused or is unusable
    │   ├── MigrationError          a schema migration failed
    │   ├── QueryError              a bad filter, group or export request
    │   │   └── ExportOutputError   the export's output path holds something it did not write
    │   ├── QueryTimeoutError       a query ran over its time limit (the API answers 503)
    │   └── NotFoundError           no stored document or event has the id asked for
    └── BenchError                  a benchmark could not run

Library code raises these; the CLI turns them into one-line messages and exit codes.
"""

from __future__ import annotations


class CormorantError(Exception):
    """Base of every deliberate cormorant error."""


class ConfigError(CormorantError):
    """An option or configuration value is invalid."""


class ModelNotInstalledError(CormorantError):
    """The spaCy model package cannot be imported."""


class DictionaryError(CormorantError):
    """A dictionary, lexicon or gazetteer file cannot be used."""


class DictionaryEntryError(DictionaryError):
    """One entry of a dictionary file is malformed."""


class IngestError(CormorantError):
    """A document could not be read; ``reason`` is a short machine-readable tag."""

    reason = "unreadable"


class UnreadableInputError(IngestError):
    reason = "unreadable"


class BinaryInputError(IngestError):
    reason = "binary"


class EncodingError(IngestError):
    reason = "encoding"


class EmptyDocumentError(IngestError):
    reason = "empty"


class InputFormatError(IngestError):
    reason = "format"


class InputTooLargeError(IngestError):
    reason = "too-large"


class DocumentTimeoutError(CormorantError):
    """Coding one document ran over the time limit (``CoderConfig.max_seconds``)."""

    reason = "timeout"


class EvaluationError(CormorantError):
    """A gold-standard file is malformed or of another format."""


class StoreError(CormorantError):
    """The event store failed."""


class MigrationError(StoreError):
    """A schema migration failed."""


class QueryError(StoreError):
    """A query, filter or export request is invalid."""


class ExportOutputError(QueryError):
    """An export's output exists and may not be replaced (or overwrite was not asked for).

    An export replaces only what exports write: a file, or a partitioned dataset
    directory that carries an export's marker file and nothing else.
    """


class QueryTimeoutError(StoreError):
    """A query ran over its time limit and was stopped."""


class NotFoundError(StoreError):
    """No stored document or event has the requested id."""


class BenchError(CormorantError):
    """A benchmark could not run."""


class FetchError(IngestError):
    """A feed or page could not be fetched; ``transient`` says whether a retry may help."""

    def __init__(self, message: str, *, reason: str = "fetch", transient: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.transient = transient
