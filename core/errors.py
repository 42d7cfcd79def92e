"""Errors ReportChat raises on purpose, each with a message that names the problem and the fix.

The tree::

    ReportChatError                 anything we raise on purpose; the CLI maps it to exit code 2
    ├── InputError                  the user's input cannot be used
    │   ├── QuestionError           empty, too long, control characters, unsupported language
    │   └── DocumentError           a file we cannot ingest
    │       ├── MissingPathError    the path does not exist
    │       ├── UnsupportedFormatError  extension/content we do not read
    │       ├── EmptyDocumentError  no text in it
    │       └── CorruptDocumentError    binary data named .txt, a broken PDF/DOCX
    ├── IndexError_                 the index on disk cannot be used as asked
    │   ├── NoIndexError            nothing has been ingested yet
    │   ├── EmbedderMismatchError   the index was built by another embedder
    │   └── ServerUnavailableError  the Chroma server does not answer (after retries)
    ├── ModelError                  an embedder/reranker/LLM could not be loaded or called
    │   └── LLMError                the chat endpoint failed: refused, timed out, 401, 404, 429,
    │                               5xx, a stream cut short, a reply that is not the API's JSON
    └── PromptError                 a prompt template is missing or filled in with the wrong names

Every message is one line: what happened, the value involved, and what to do about it.
"""

from __future__ import annotations


class ReportChatError(Exception):
    """Base class of every error ReportChat raises on purpose."""

    exit_code = 2


class InputError(ReportChatError):
    """The user's input cannot be used as given."""


class QuestionError(InputError):
    """The question is empty, too long, garbled or in an unsupported language.

    `reason` names which (`empty`, `too_long`, `control`, `no_words`, `language`, `code`,
    `small_talk`, `no_content`) and `details` holds the values in the message, so a face can
    say the same thing in another language."""

    def __init__(self, message: str, reason: str = "", **details: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


class DocumentError(InputError):
    """A document cannot be ingested."""


class MissingPathError(DocumentError):
    """The path given does not exist."""


class UnsupportedFormatError(DocumentError):
    """The file's extension or content is not one we read."""


class EmptyDocumentError(DocumentError):
    """The file holds no text."""


class CorruptDocumentError(DocumentError):
    """The file is damaged or is not what its extension says."""


class IndexError_(ReportChatError):  # noqa: N801 - the builtin IndexError is a different thing
    """The index on disk cannot be used as asked."""


class NoIndexError(IndexError_):
    """Nothing has been ingested yet."""


class EmbedderMismatchError(IndexError_):
    """The index was built by a different embedder than the one configured."""


class ServerUnavailableError(IndexError_):
    """The Chroma server did not answer (down, restarting, or the address is wrong)."""


class ModelError(ReportChatError):
    """A model could not be loaded or called."""


class LLMError(ModelError):
    """The OpenAI-compatible chat endpoint failed; the caller falls back to the extractive answer.

    `reason` names what failed (`connection`, `timeout`, `auth`, `model`, `rate_limit`, `server`,
    `stream`, `malformed`, `request`), so a face can say it in another language."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class PromptError(ReportChatError):
    """A prompt template does not exist, or was filled in with a missing or unknown variable."""
