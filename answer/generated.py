"""A generated answer with the extractive one behind it: what the llm writer setting answers.

The model's answer (`answer.llm.LLMWriter`) is shown only when it holds up: the endpoint
answered (no `LLMError`), at least one of its claims is supported by the passages it cites, and
every citation passes the assistant's check. Otherwise the extractive answer (or its refusal)
is shown instead, its `fallback_reason` saying in one line why.

This module does not import `answer.llm` (and so LangChain, 2.5 s): the wiring point hands it
the writer, and the extractive answer as a function that is called only when it is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import zip_longest
from typing import Protocol

from core.errors import LLMError
from core.types import Answer, Hit

Extractive = Callable[[], Answer]  # the extractive answer to the same question
Problems = Callable[[Answer], list[str]]  # what is wrong with an answer's citations
Finish = Callable[[Answer], Answer]  # what the caller adds to the answer shown (timings)


class ModelStream(Protocol):
    """A streamed model answer (`answer.llm.AnswerStream`): text chunks, then the answer."""

    def __iter__(self) -> Iterator[str]:
        """The text as it arrives; raises `LLMError` when the endpoint fails."""
        ...

    def answer(self) -> Answer:
        """The whole answer, its claims checked."""
        ...


class Generator(Protocol):
    """Writes an answer with a model, whole or streamed (`answer.llm.LLMWriter`)."""

    def write(self, question: str, hits: Sequence[Hit]) -> Answer:
        """The model's answer; raises `LLMError` when the endpoint fails."""
        ...

    def stream(self, question: str, hits: Sequence[Hit]) -> ModelStream:
        """The model's answer as it arrives."""
        ...


def interleaved(hit_lists: Iterable[Sequence[Hit]]) -> list[Hit]:
    """The hits of each part of a question taken in turn (best of each part first), so the
    model is shown passages for every part, not only the first."""
    return [h for row in zip_longest(*hit_lists) for h in row if h is not None]


def fall_back(answer: Answer, reason: str) -> Answer:
    """`answer` (the extractive one) marked as shown because the generated one was not."""
    return replace(answer, fallback_reason=" ".join(reason.split()))


def settled(generated: Answer, extractive: Extractive, problems: Problems) -> Answer:
    """`generated` if it holds up, else the extractive answer with the reason it did not."""
    reason = generated.fallback_reason
    if not reason:
        found = problems(generated)
        if found:
            reason = f"a citation of the model's answer does not check out: {found[0]}"
    return fall_back(extractive(), reason) if reason else generated


def generated_answer(
    model: Generator,
    question: str,
    hits: Sequence[Hit],
    extractive: Extractive,
    problems: Problems,
) -> Answer:
    """The model's answer to `question` from `hits`, or the extractive answer in its place."""
    try:
        answer = model.write(question, hits)
    except LLMError as err:
        return fall_back(extractive(), str(err))
    return settled(answer, extractive, problems)


class StreamedAnswer:
    """An answer as it is written: iterate for the text chunks, then `answer()` for the answer
    to show. A failure mid-stream ends the chunks (it does not raise); `answer()` is then the
    extractive one, with `fallback_reason` set, so whatever was printed must be replaced."""

    def __init__(
        self,
        model: Generator,
        question: str,
        hits: Sequence[Hit],
        extractive: Extractive,
        problems: Problems,
        finish: Finish,
    ) -> None:
        self._model = model
        self._question = question
        self._hits = hits
        self._extractive = extractive
        self._problems = problems
        self._finish = finish
        self._stream: ModelStream | None = None
        self._error: LLMError | None = None
        self._done = False
        self._final: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        if self._done:
            return
        try:
            self._stream = self._model.stream(self._question, self._hits)
            yield from self._stream
        except LLMError as err:
            self._error = err
        finally:
            self._done = True

    def answer(self) -> Answer:
        """The answer to show (reading what is left of the stream first)."""
        if self._final is None:
            for _ in self:
                pass
            if self._error is not None or self._stream is None:
                reason = str(self._error or "the model's answer was not read")
                answer = fall_back(self._extractive(), reason)
            else:
                answer = settled(self._stream.answer(), self._extractive, self._problems)
            self._final = self._finish(answer)
        return self._final


class ReadyAnswer:
    """An answer written at once (the extractive writer's), as a stream of one chunk."""

    def __init__(self, answer: Answer) -> None:
        self._answer = answer

    def __iter__(self) -> Iterator[str]:
        yield self._answer.text

    def answer(self) -> Answer:
        """The answer."""
        return self._answer
