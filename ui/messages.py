"""What went wrong, as one line in the interface language: our errors by kind, and a failure we
did not expect (logged whole on the server, named by its type on the page)."""

import logging

from core.errors import (
    DocumentError,
    IndexError_,
    ModelError,
    NoIndexError,
    QuestionError,
    ReportChatError,
)
from ui.texts import ERRORS

log = logging.getLogger("reportchat.ui")


def error_message(err: ReportChatError, lang: str = "en") -> str:
    """`err` as one line in `lang`: our own message in English; in Chinese and Persian the
    same sentence where we have it, else the kind of failure with our message after it."""
    texts = ERRORS.get(lang, {})
    detail = str(err)
    if lang == "en":
        return detail
    if isinstance(err, QuestionError) and err.reason in texts:
        return texts[err.reason].format(**err.details)
    if isinstance(err, NoIndexError):
        return texts["no_index"]
    kinds = ((DocumentError, "document"), (IndexError_, "index"), (ModelError, "model"))
    kind = next((key for cls, key in kinds if isinstance(err, cls)), "other")
    return texts[kind].format(detail=detail)


def unexpected_message(err: Exception, lang: str = "en", key: str = "unexpected") -> str:
    """A failure we did not raise on purpose: logged with its traceback, told in one line."""
    log.error("unexpected failure in the page", exc_info=err)
    return ERRORS[lang][key].format(kind=type(err).__name__)
