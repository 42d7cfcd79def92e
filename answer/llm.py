"""The generated-answer writer: any OpenAI-compatible chat endpoint, every claim then checked.

The one module that knows LangChain's `ChatOpenAI` (and the `openai` errors under it). It sends
the question with the retrieved passages as quoted, numbered data (`prompts/answer.txt`, through the
`PromptMaker` the wiring point hands it), checks
each sentence of the reply against the passages it cites (`answer.claims`), marks the ones they
do not support, and keeps only the citations the reply uses, numbered in order of first mention.
Any failure of the endpoint is an `LLMError` with a one-line message, so the caller can show the
extractive answer instead; so is a reply whose claims none of its passages support, reported in
`Answer.fallback_reason`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import httpx2
import openai
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr, ValidationError

from answer.claims import THRESHOLD, ClaimCheck, check_claims
from answer.extractive import answer_language
from answer.phrases import UNSUPPORTED
from core.errors import LLMError
from core.text import readable
from core.types import Answer, Citation, Claim, Corpus, Embedder, Hit, Language, Timings

PASSAGES = 6  # distinct passages of the retrieved hits the model is shown
DEADLINE = 30.0  # seconds: no call to the endpoint, streamed or not, may take longer
LANGUAGE_NAMES: dict[Language, str] = {"en": "English", "zh": "Chinese", "fa": "Persian"}
# What the prompt asks the model to say when the passages do not answer.
_REFUSAL = re.compile(
    r"does not say|doesn't say|does not mention|没有提及|没有说|未提及|چیزی نمی‌?گوید|نمی‌?گوید",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[(\d+)\]")
# An endpoint that answers, but not with the API's JSON: a proxy's HTML page, a truncated body.
# (LangChain says ValueError "No generation chunks were returned" for a stream of none.)
_MALFORMED = (openai.APIResponseValidationError, json.JSONDecodeError, ValidationError, ValueError)


class PromptMaker(Protocol):
    """Writes the two prompts (`prompts.AnswerPrompts`, handed over by the wiring point)."""

    def system(self) -> str:
        """The system prompt."""
        ...

    def answer(
        self, passages: Sequence[str], question: str, language: str, flagged: Sequence[bool] = ()
    ) -> str:
        """The user prompt: the passages numbered [1], [2], ... (those `flagged` marked as
        reading like instructions), then the question."""
        ...


@dataclass(frozen=True)
class Prompt:
    """What is sent for one question: the messages, and the passages they number."""

    messages: tuple[BaseMessage, ...]
    citations: tuple[Citation, ...]  # citation n is passage [n] of the prompt
    language: Language


class LLMWriter:
    """Answers with an OpenAI-compatible chat model, claim by claim checked against citations."""

    def __init__(
        self,
        corpus: Corpus,
        embedder: Embedder,
        prompts: PromptMaker,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        deadline: float = DEADLINE,
        passages: int = PASSAGES,
        threshold: float = THRESHOLD,
    ) -> None:
        """`api_key` is sent to the endpoint only; a local server that needs none gets a
        placeholder (the client insists on one, and must not pick up OPENAI_API_KEY)."""
        self._corpus = corpus
        self._embedder = embedder
        self._prompts = prompts
        self._url = base_url.rstrip("/")
        self._model = model
        self._deadline = deadline
        self._passages = passages
        self._threshold = threshold
        self._chat = ChatOpenAI(
            model=model,
            base_url=self._url,
            api_key=SecretStr(api_key or "none"),
            timeout=deadline,
            max_retries=0,  # a retry would double the wait; the caller falls back instead
            temperature=0.0,
        )

    def __repr__(self) -> str:
        return f"LLMWriter(base_url={self._url!r}, model={self._model!r})"

    def prompt(self, question: str, hits: Sequence[Hit]) -> Prompt:
        """The messages for `question`: the system rules, then the passages of `hits` (each
        passage once, best first) as numbered quoted data, then the question.

        A passage flagged at ingest as reading like an instruction stays in the list, marked
        FLAGGED: the report may quote such text, and its claims are verified like any other.
        Hidden text (comments, invisible text) is not in any passage: the loader dropped it."""
        language = answer_language(question)
        citations: list[Citation] = []
        seen: set[str] = set()
        for hit in hits:
            passage = self._corpus.passage_of(hit.sentence)
            if passage.id in seen:
                continue
            seen.add(passage.id)
            citations.append(Citation.of(len(citations) + 1, passage, readable(hit.sentence.text)))
            if len(citations) >= self._passages:
                break
        user = self._prompts.answer(
            [c.text for c in citations],
            question,
            LANGUAGE_NAMES[language],
            flagged=[bool(c.suspicious) for c in citations],
        )
        messages = (SystemMessage(self._prompts.system()), HumanMessage(user))
        return Prompt(messages, tuple(citations), language)

    def write(self, question: str, hits: Sequence[Hit]) -> Answer:
        """The model's answer to `question` from `hits`, its claims checked; raises `LLMError`
        when the endpoint fails."""
        start = time.perf_counter()
        prompt = self.prompt(question, hits)
        try:
            reply = self._chat.invoke(list(prompt.messages))
        except (openai.OpenAIError, httpx2.HTTPError, *_MALFORMED) as err:
            raise self._error(err) from err
        if not isinstance(reply.content, str):
            raise self._malformed("a reply that is not text")
        return self._verify(question, prompt, reply.content, start)

    def stream(self, question: str, hits: Sequence[Hit]) -> AnswerStream:
        """The answer as it arrives: iterate for text chunks, then `.answer()` for the checked
        `Answer`. Iterating raises `LLMError` when the endpoint fails, the stream is cut, or the
        whole reply takes longer than the deadline."""
        return AnswerStream(self, question, self.prompt(question, hits))

    def _chunks(self, prompt: Prompt) -> Iterator[str]:
        """The text chunks of a streamed reply, checked for a deadline and a proper end."""
        ends = time.monotonic() + self._deadline
        finished = started = False
        try:
            for chunk in self._chat.stream(list(prompt.messages)):
                if time.monotonic() > ends:
                    raise self._timeout()
                started = True
                finished = finished or bool(chunk.response_metadata.get("finish_reason"))
                if isinstance(chunk.content, str) and chunk.content:
                    yield chunk.content
        except (openai.OpenAIError, httpx2.HTTPError, *_MALFORMED) as err:
            timeout = isinstance(err, openai.APITimeoutError | httpx2.TimeoutException)
            dropped = isinstance(err, openai.APIConnectionError | httpx2.HTTPError)
            if started and dropped and not timeout:
                raise self._cut() from err  # it was reached: the answer broke off
            raise self._error(err) from err
        if not finished:
            raise self._cut()

    def _verify(self, question: str, prompt: Prompt, text: str, start: float) -> Answer:
        """The answer `text` as an `Answer`: claims checked, unsupported ones marked, only
        the citations it uses kept, renumbered in order of first mention."""
        passages = {c.n: c.text for c in prompt.citations}
        check = check_claims(text, passages, self._embedder, self._threshold)
        body, claims, order = _renumber(_marked(check, prompt.language), check.claims)
        by_n = {c.n: c for c in prompt.citations}
        citations = tuple(replace(by_n[old], n=new) for old, new in order.items())
        refused = not order and bool(_REFUSAL.search(text))
        reason = ""
        if refused:
            reason = "the model says the passages do not answer the question"
        elif not any(c.supported for c in claims):
            reason = "no claim of the model's answer is supported by the passages it cites"
        elapsed = (time.perf_counter() - start) * 1000
        return Answer(
            question=question,
            text=body,
            refused=refused,
            language=prompt.language,
            citations=citations,
            timings=Timings(answer=elapsed),
            writer="llm",
            claims=claims,
            fallback_reason=reason,
        )

    def _error(self, err: BaseException) -> LLMError:
        """`err` from the client as a one-line `LLMError` naming the server, the model and
        the fix (never the key, nor the server's own message, which may echo it)."""
        where = f"The model server at {self._url}"
        if isinstance(err, openai.APITimeoutError | httpx2.TimeoutException):
            return self._timeout()
        if isinstance(err, openai.APIConnectionError | httpx2.ConnectError):
            return LLMError(
                f"Cannot reach the model server at {self._url}. Start it, or set "
                "REPORTCHAT_LLM_URL to where it listens.",
                "connection",
            )
        if isinstance(err, openai.AuthenticationError | openai.PermissionDeniedError):
            return LLMError(
                f"{where} refused the API key ({err.status_code}). Set REPORTCHAT_LLM_API_KEY "
                "to a key it accepts.",
                "auth",
            )
        if isinstance(err, openai.NotFoundError):
            return LLMError(
                f"{where} has no model {self._model!r} (404). Set REPORTCHAT_LLM_MODEL to a "
                "model it serves.",
                "model",
            )
        if isinstance(err, openai.RateLimitError):
            return LLMError(
                f"{where} is limiting requests (429). Wait, then ask again.", "rate_limit"
            )
        if isinstance(err, openai.InternalServerError):
            return LLMError(
                f"{where} failed ({err.status_code}). Ask again; if it keeps failing, check the "
                "server's logs.",
                "server",
            )
        if isinstance(err, openai.APIStatusError):
            return LLMError(
                f"{where} rejected the request ({err.status_code}). Check REPORTCHAT_LLM_URL "
                "and REPORTCHAT_LLM_MODEL.",
                "request",
            )
        if isinstance(err, httpx2.HTTPError):
            return self._cut()
        return self._malformed("a reply that is not the chat completions API's JSON")

    def _cut(self) -> LLMError:
        return LLMError(
            f"The model server at {self._url} broke off its streamed answer before finishing "
            "it. Ask again; if it keeps happening, check the server's logs.",
            "stream",
        )

    def _timeout(self) -> LLMError:
        return LLMError(
            f"The model server at {self._url} did not answer within {self._deadline:g} s. "
            "Check that it is running and not overloaded, or give it a longer deadline.",
            "timeout",
        )

    def _malformed(self, what: str) -> LLMError:
        return LLMError(
            f"The model server at {self._url} sent {what}. Check that REPORTCHAT_LLM_URL is an "
            "OpenAI-compatible endpoint (it usually ends in /v1).",
            "malformed",
        )


class AnswerStream:
    """A streamed answer: iterating yields the text as it arrives; `answer()` then checks it."""

    def __init__(self, writer: LLMWriter, question: str, prompt: Prompt) -> None:
        self._writer = writer
        self._question = question
        self._prompt = prompt
        self._start = time.perf_counter()
        self._parts: list[str] = []
        self._chunks = writer._chunks(prompt)
        self._done = False

    def __iter__(self) -> Iterator[str]:
        for chunk in self._chunks:
            self._parts.append(chunk)
            yield chunk
        self._done = True

    def answer(self) -> Answer:
        """The whole answer, its claims checked (reading what is left of the stream first)."""
        if not self._done:
            for _ in self:
                pass
        return self._writer._verify(self._question, self._prompt, "".join(self._parts), self._start)


def _marked(check: ClaimCheck, language: Language) -> str:
    """The answer text with each unsupported claim followed by `[unsupported]` in `language`."""
    text = check.text
    for (_, end), claim in sorted(zip(check.spans, check.claims, strict=True), reverse=True):
        if not claim.supported:
            text = f"{text[:end]} {UNSUPPORTED[language]}{text[end:]}"
    return text


def _renumber(text: str, claims: Sequence[Claim]) -> tuple[str, tuple[Claim, ...], dict[int, int]]:
    """`text` and `claims` with their markers renumbered 1, 2, ... in order of first mention;
    the mapping old -> new, in that order."""
    order: dict[int, int] = {}
    for m in _MARKER.finditer(text):
        order.setdefault(int(m[1]), len(order) + 1)
    body = _MARKER.sub(lambda m: f"[{order[int(m[1])]}]", text)
    renumbered = tuple(
        replace(c, citations=tuple(order[n] for n in c.citations if n in order)) for c in claims
    )
    return body, renumbered, order
