"""The `reportchat` command line: ingest, ask, chat, eval, serve, documents, remove."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from assistant import Assistant
from core.config import WRITERS, Settings
from core.errors import DocumentError, InputError, NoIndexError, QuestionError, ReportChatError
from core.types import Answer, Embedder, IngestResult
from eval.evaluation import (
    Evaluation,
    cutoffs_of,
    evaluation_of,
    in_parts,
    index_note,
    of_bundled_set,
    unbounded,
)
from eval.factfile import read_facts
from eval.generation import ClaimSupport
from eval.html import page
from eval.report import (
    Thresholds,
    checked_split,
    format_report,
    format_sweep,
    format_wrong,
    misses,
    sweep_json,
    to_json,
)
from eval.run import (
    FACTS,
    Cutoffs,
    Fact,
    Report,
    at_threshold,
    best_threshold,
    has_test_split,
    held_out,
    run,
    select,
)
from eval.verifier import CLAIMS, format_score, load_cases, score, score_json
from ingest.load import SUPPORTED_EXTENSIONS, expand_paths, ignored_files
from retriever.followup import rewrite

EXCERPT_CHARS = 200  # how much of a passage a refusal shows under its source line
CHAT_PROMPT = "> "
_GLOBAL_FLAGS = ("index_path", "collection", "embedder", "host", "port")
Command = Callable[[argparse.Namespace, Assistant], int]
Progress = Callable[[str, int, int], None]  # (what, done, total), as `Assistant.ingest` calls it
PROGRESS_SECONDS = 2.0  # a progress line at most this often...
PROGRESS_STEP = 0.1  # ...or when this much more of the file is done


def make_assistant(settings: Settings, embedder: Embedder | None = None) -> Assistant:
    """The assistant a command talks to; `embedder` replaces the configured one (tests)."""
    return Assistant(settings, embedder=embedder)


def main(argv: list[str] | None = None, *, embedder: Embedder | None = None) -> int:
    """Run `reportchat` with `argv` (default: the process arguments); returns the exit code.

    `embedder`, if given, is used instead of loading the configured one (tests pass one loaded
    once per session).
    """
    args = build_parser().parse_args(argv)
    if not logging.getLogger().handlers:
        # Libraries log warnings (pypdf: "EOF marker not found") and, bm25s even debug lines, that
        # would bury our one-line errors; the level sits on the handler because bm25s sets its
        # own logger to DEBUG.
        handler = logging.StreamHandler()
        handler.setLevel(logging.ERROR)
        logging.basicConfig(handlers=[handler], format="%(name)s: %(message)s")
    command: Command = args.command_function
    try:
        settings = _settings(args)
        return command(args, make_assistant(settings, embedder))
    except ReportChatError as err:
        print(f"error: {_one_line(str(err))}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


# -- arguments ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; global flags work before or after the subcommand."""
    parser = argparse.ArgumentParser(
        prog="reportchat", description="Ask a report questions; get answers quoted from it."
    )
    _add_global_flags(parser, default=None)
    # After the subcommand the flags must not reset what was given before it: SUPPRESS.
    common = argparse.ArgumentParser(add_help=False)
    _add_global_flags(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", parents=[common], help="index files or folders")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--rebuild", action="store_true", help="drop the index first")
    ingest.add_argument(
        "--progress",
        action="store_true",
        help="show progress on stderr for files that take a while, even when stderr is not a "
        "terminal (at a terminal it is shown anyway)",
    )
    ingest.set_defaults(command_function=_ingest)

    ask = commands.add_parser("ask", parents=[common], help="answer a question from the index")
    ask.add_argument("question", metavar="QUESTION", help="the question, or - to read one per line")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    _add_writer_flag(ask)
    ask.set_defaults(command_function=_ask)

    chat = commands.add_parser(
        "chat",
        parents=[common],
        help="a conversation: one question per line, follow-ups read with the ones before",
        description="Answer one question per line of stdin (with a prompt at a terminal) until "
        "EOF. A question that cannot stand alone ('and in 2021?') is searched as a rewrite of "
        "the question before it, as in the web UI. A bad question gets a one-line message and "
        "the conversation goes on; EOF (Ctrl-D) ends it with exit code 0.",
    )
    chat.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per question: the `ask --json` object plus searched_for",
    )
    _add_writer_flag(chat)
    chat.set_defaults(command_function=_chat)

    evaluate = commands.add_parser(
        "eval",
        parents=[common],
        help="score the assistant on facts",
        description="Score the assistant on facts. When the facts have a test split, every "
        "--min-* and --max-* threshold is checked on the test split alone (the questions "
        "nothing was tuned on), else on all questions.",
    )
    evaluate.add_argument(
        "--facts", type=Path, default=FACTS, metavar="PATH", help="a facts.jsonl file"
    )
    evaluate.add_argument(
        "--split",
        choices=("dev", "test", "all"),
        default="all",
        help="ask only the dev or only the test questions (default all: a table for each)",
    )
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--details", action="store_true", help="show every wrong answer")
    evaluate.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="also write the report as one self-contained HTML file: tables, charts, wrong answers",
    )
    evaluate.add_argument(
        "--sweep",
        action="store_true",
        help="score every refusal threshold from one run (to set REPORTCHAT_REFUSAL_THRESHOLD); "
        "the threshold is chosen on the dev split and the test split is shown at it",
    )
    for flag, what in (
        ("--min-accuracy", "accuracy"),
        ("--min-unanswerable-refused", "share of unanswerable questions refused"),
    ):
        evaluate.add_argument(
            flag,
            type=_language_minimum,
            action="append",
            default=[],
            metavar="X|LANG=X",
            help=f"minimum {what} for every language, or for LANG (repeatable; on the test "
            "split when there is one)",
        )
    for flag, what in (
        ("--min-refusal", "refusal correctness"),
        ("--min-citation-precision", "citation precision"),
        ("--min-recall5", "recall@5"),
        ("--min-false-premise", "share of false-premise questions refused"),
        ("--min-native-first-line", "share of zh/fa answers opening in the question's language"),
    ):
        evaluate.add_argument(flag, type=_fraction, metavar="X", help=f"minimum overall {what}")
    evaluate.add_argument(
        "--max-wrongly-refused",
        type=_fraction,
        metavar="X",
        help="maximum share of answerable questions refused",
    )
    evaluate.add_argument(
        "--verifier",
        action="store_true",
        help="score the claim check of generated answers on its golden cases instead "
        "(eval/claims.jsonl); exit 1 if any case gets the wrong verdict",
    )
    evaluate.add_argument(
        "--claims",
        type=Path,
        default=None,
        metavar="PATH",
        help="with --verifier: a claims.jsonl file of cases (default: the bundled one)",
    )
    _add_writer_flag(evaluate)
    evaluate.set_defaults(command_function=_eval)

    serve = commands.add_parser("serve", parents=[common], help="start the web UI (app.py)")
    serve.add_argument("--host", default=argparse.SUPPRESS)
    serve.add_argument("--port", type=int, default=argparse.SUPPRESS)
    _add_writer_flag(serve)
    serve.set_defaults(command_function=_serve)

    documents = commands.add_parser("documents", parents=[common], help="list indexed documents")
    documents.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per document: name, sha256, passages, sentences, ingested_at",
    )
    documents.set_defaults(command_function=_documents)

    remove = commands.add_parser(
        "remove", parents=[common], help="remove a document by name, or by its path"
    )
    remove.add_argument(
        "name",
        metavar="NAME|PATH",
        help="the name `reportchat documents` lists, or a path ending in it (data/report.txt)",
    )
    remove.set_defaults(command_function=_remove)
    return parser


def _add_global_flags(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--index",
        dest="index_path",
        type=Path,
        default=default,
        metavar="PATH",
        help="index folder (REPORTCHAT_INDEX_PATH; default .reportchat)",
    )
    parser.add_argument(
        "--collection",
        default=default,
        metavar="NAME",
        help="collection in the index (REPORTCHAT_COLLECTION)",
    )
    parser.add_argument(
        "--embedder",
        default=default,
        metavar="SPEC",
        help="e5-small or sentence-transformers:<path> (REPORTCHAT_EMBEDDER)",
    )


def _add_writer_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--writer",
        choices=WRITERS,
        default=None,
        help="extractive: quote the report's sentences; llm: the model at REPORTCHAT_LLM_URL "
        "writes the answer, every claim checked (REPORTCHAT_WRITER; default extractive)",
    )


def _settings(args: argparse.Namespace) -> Settings:
    """`REPORTCHAT_*` variables, then the flags given (`--writer` in place of
    REPORTCHAT_WRITER, so a flag overrides a variable the settings would refuse)."""
    changes = {
        name: getattr(args, name) for name in _GLOBAL_FLAGS if getattr(args, name, None) is not None
    }
    env = dict(os.environ)
    if getattr(args, "writer", None):
        env["REPORTCHAT_WRITER"] = args.writer
    return replace(Settings.from_env(env), **changes)


def _fraction(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number; write e.g. 0.9") from None


def _language_minimum(raw: str) -> tuple[str | None, float]:
    """`0.9` (every language) or `zh=0.9` (one language)."""
    language, _, number = raw.rpartition("=")
    if "=" in raw and not language.strip():
        raise argparse.ArgumentTypeError(f"{raw!r} has no language before '='; write e.g. zh=0.9")
    return (language.strip() or None), _fraction(number)


# -- commands -----------------------------------------------------------------------------------


def _ingest(args: argparse.Namespace, assistant: Assistant) -> int:
    """Ingest file by file, printing a line for each as it is done; a file we will not read is
    listed on stderr with the reason and the others go on. Exit 2 if any was refused."""
    files, refused = _files_to_ingest(args.paths)
    progress = _progress(forced=args.progress)
    waiting = _waiting_notice()
    rebuild = args.rebuild  # the index is dropped by the first file that goes in, not before
    for group in _by_name(files):
        try:
            results = assistant.ingest(group, rebuild=rebuild, progress=progress, waiting=waiting)
        except DocumentError as err:
            refused += len(group)
            shown = str(group[0]) if len(group) == 1 else group[0].name
            _skipped(shown, str(err))
            continue
        rebuild = False
        for result in results:
            print(describe(result), flush=True)
    return DocumentError.exit_code if refused else 0


def _files_to_ingest(paths: Sequence[Path]) -> tuple[list[Path], int]:
    """The files under `paths`, and how many paths were refused (each listed on stderr); a
    folder's files of other types are named on one stderr line but not refused."""
    files: list[Path] = []
    refused = 0
    for path in paths:
        try:
            found = expand_paths([path])
        except DocumentError as err:
            refused += 1
            _skipped(str(path), str(err))
            continue
        if path.is_dir():
            _ignored(path, ignored_files(path))
            if not found:
                refused += 1
                _skipped(str(path), f"no {', '.join(SUPPORTED_EXTENSIONS)} files in it")
        files.extend(found)
    return list(dict.fromkeys(files)), refused


def _by_name(files: Sequence[Path]) -> list[list[Path]]:
    """The files in groups of one, except files that share a name, which go in together so that
    the assistant refuses two different files of one name (documents are known by name)."""
    groups: dict[str, list[Path]] = {}
    for file in files:
        groups.setdefault(file.name, []).append(file)
    return list(groups.values())


def _skipped(path: str, message: str) -> None:
    """`skipped bad.csv: unsupported extension (.csv); ...` on stderr (a message opening with
    the path, or with the file's name, does not repeat it)."""
    reason = _one_line(message).removeprefix(f"{path}: ").removeprefix(f"{Path(path).name}: ")
    print(f"skipped {path}: {reason}", file=sys.stderr, flush=True)


def _ignored(folder: Path, files: Sequence[Path]) -> None:
    """One stderr line for the files of a folder that are not documents we read."""
    if not files:
        return
    kinds = sorted({f.suffix.lower() or "(no extension)" for f in files})
    count = f"{len(files)} file{'s' if len(files) > 1 else ''}"
    print(
        f"ignored {count} in {folder} of types we do not read ({', '.join(kinds)}); "
        f"supported: {', '.join(SUPPORTED_EXTENSIONS)}",
        file=sys.stderr,
        flush=True,
    )


def describe(result: IngestResult) -> str:
    """`added report.txt (42 passages, 56 sentences)` or `skipped report.txt (unchanged)`."""
    if result.status == "skipped":
        return f"skipped {result.name} ({result.reason or 'unchanged'})"
    counts = f"{result.passages} passages, {result.sentences} sentences"
    return f"{result.status} {result.name} ({counts})"


def _ask(args: argparse.Namespace, assistant: Assistant) -> int:
    if args.question == "-":
        return _ask_each(assistant, sys.stdin, as_json=args.json)
    assistant.check_question(args.question)  # fail fast, before building an index
    ensure_index(assistant)
    if not args.json and _streams(assistant):
        _stream_answer(assistant, args.question)
        return 0
    answer = assistant.ask(args.question)
    _warn_fallback(answer)
    print(_json(answer.to_json()) if args.json else format_answer(answer))
    return 0


def _streams(assistant: Assistant) -> bool:
    """Whether answers are printed as they are written: generated ones, to a terminal."""
    return assistant.settings.writer == "llm" and sys.stdout.isatty()


def _stream_answer(assistant: Assistant, question: str) -> Answer:
    """Print the model's answer as it arrives, then its sources. The claim check comes at the
    end: when it changed the text (markers renumbered, claims marked unsupported) the checked
    answer is printed after the draft; when the answer fell back, the extractive one is."""
    stream = assistant.stream(question)
    draft: list[str] = []
    for chunk in stream:
        draft.append(chunk)
        print(chunk, end="", flush=True)
    answer = stream.answer()
    written = "".join(draft).strip()
    if draft:
        print("\n")
    _warn_fallback(answer)
    if answer.fallback_reason:
        if written:
            print("The report's own sentences instead:\n")
        print(format_answer(answer), flush=True)
    elif answer.text.strip() == written:
        print("\n".join(_source_lines(answer)), flush=True)
    else:
        print("Checked against its sources:\n")
        print(format_answer(answer), flush=True)
    return answer


def _warn_fallback(answer: Answer) -> None:
    """One stderr line when the generated answer was not shown, saying why."""
    if answer.fallback_reason:
        reason = answer.fallback_reason.rstrip(".")
        print(
            f"warning: generated answer not used: {reason}. Showing the extractive answer.",
            file=sys.stderr,
            flush=True,
        )


def _ask_each(assistant: Assistant, lines: Iterable[str], as_json: bool) -> int:
    """Answer one question per line, skipping blank lines; exit 1 if any question was bad."""
    ensure_index(assistant)
    failed = False
    for line in lines:
        question = line.rstrip("\r\n")
        if not question.strip():
            continue
        try:
            answer = assistant.ask(question)
        except QuestionError as err:
            failed = True
            if as_json:
                print(_json({"question": question, "error": _one_line(str(err))}), flush=True)
            else:
                print(f"error: {_one_line(str(err))}", file=sys.stderr, flush=True)
            continue
        _warn_fallback(answer)
        print(_json(answer.to_json()) if as_json else format_answer(answer) + "\n", flush=True)
    return 1 if failed else 0


def _chat(args: argparse.Namespace, assistant: Assistant) -> int:
    """A conversation: each question is checked as typed, rewritten from the questions before
    it if it cannot stand alone, then answered; a bad one is reported and skipped."""
    ensure_index(assistant)
    asked: list[str] = []  # as searched, like the UI's history: "and in 2022?" builds on 2021
    for line in _conversation(sys.stdin):
        typed = line.strip()
        if not typed:
            continue
        try:
            question = assistant.check_question(typed)  # as typed, before any rewriting
            searched = rewrite(question, asked)
            if searched != question and not args.json:
                print(f"(searched for: {searched})", flush=True)
            streamed = not args.json and _streams(assistant)
            answer = _stream_answer(assistant, searched) if streamed else assistant.ask(searched)
        except QuestionError as err:
            if args.json:
                print(_json({"question": typed, "error": _one_line(str(err))}), flush=True)
            else:
                print(f"error: {_one_line(str(err))}", file=sys.stderr, flush=True)
            continue
        asked.append(searched)
        if streamed:
            print(flush=True)
            continue
        _warn_fallback(answer)
        if args.json:
            shown = {**answer.to_json(), "question": question, "searched_for": searched}
            print(_json(shown), flush=True)
        else:
            print(format_answer(answer) + "\n", flush=True)
    return 0


def _conversation(stdin: TextIO) -> Iterator[str]:
    """The lines of `stdin`; at a terminal each is read after a prompt, with line editing and
    history when readline is available, and Ctrl-C drops the line being typed."""
    if not stdin.isatty():
        yield from stdin
        return
    with contextlib.suppress(ImportError):  # Windows has none: plain input() still works
        import readline  # noqa: F401  (imported for its effect: input() gains line editing)
    # With stdout redirected (`chat --json > answers.jsonl`) the prompt goes to stderr.
    prompt_on_stdout = sys.stdout.isatty()
    while True:
        try:
            if prompt_on_stdout:
                yield input(CHAT_PROMPT)
                continue
            print(CHAT_PROMPT, end="", file=sys.stderr, flush=True)
            line = stdin.readline()
            if not line:
                raise EOFError
            yield line
        except EOFError:
            print(file=sys.stderr)  # the shell's prompt starts on a line of its own
            return
        except KeyboardInterrupt:
            print(file=sys.stderr)


def format_answer(answer: Answer) -> str:
    """The answer text, then `Sources:` with each citation's label and its quote indented."""
    sources = _source_lines(answer)
    return "\n".join([answer.text, *([""] if sources else []), *sources])


def _source_lines(answer: Answer) -> list[str]:
    """`Sources:`, then each citation's label and its quote (or an excerpt) indented."""
    lines = ["Sources:"] if answer.citations else []
    for citation in answer.citations:
        lines.append(f"[{citation.n}] {citation.label}")
        lines.append(f"    {citation.quote or excerpt(citation.text)}")
    return lines


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of `text` on one line, cut at a word boundary near `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    # Chinese has no spaces: cut mid-text rather than lose most of the excerpt.
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + " …"


def ensure_index(assistant: Assistant) -> None:
    """Build the index from the bundled report if it is empty, saying so on stderr."""
    if not assistant.store.is_empty():
        return
    print(
        f"No index yet: building it from {_shown(assistant.settings.bundled_report)} ...",
        file=sys.stderr,
        flush=True,
    )
    assistant.ensure_index(_progress(forced=False))


def _eval(args: argparse.Namespace, assistant: Assistant) -> int:
    if args.verifier:
        return _eval_verifier(args, assistant)
    if args.claims:
        raise InputError(
            "--claims names the cases of --verifier. Add --verifier, or drop --claims."
        )
    facts = _facts(args.facts, args.split)  # fail fast, before building an index
    if args.sweep and not any(f.split == "dev" for f in facts):
        raise InputError(
            f"--sweep chooses the threshold on dev questions, and {_shown(args.facts)!r} "
            f"with --split {args.split} has none. Leave --split out, or pass --split dev."
        )
    if args.html and not args.html.resolve().parent.is_dir():
        raise InputError(
            f"No folder {str(args.html.parent)!r} to write the HTML report in. "
            "Pass --html a path in an existing folder."
        )
    ensure_index(assistant)
    note = index_note(assistant, of_bundled_set(facts))
    if note.warning:
        print(f"warning: {note.warning}", file=sys.stderr)
    generated = assistant.settings.writer == "llm"
    if not args.sweep and not args.html:
        return show_evaluation(args, _run_facts(assistant, facts), claim_support=generated)
    # One run that never refuses for low confidence; each threshold is then scored from it
    # (the questions answered part by part are asked again at the thresholds in use).
    free = _run_facts(unbounded(assistant), facts)
    asked = _run_facts(assistant, in_parts(assistant, facts))
    evaluation = evaluation_of(free, cutoffs_of(assistant), note, _shown(args.facts), asked)
    if args.html:
        _write_html(args.html, evaluation)
    if args.sweep:
        return show_sweep(args, free, evaluation)
    return show_evaluation(args, evaluation.report, claim_support=generated)


def _eval_verifier(args: argparse.Namespace, assistant: Assistant) -> int:
    """Score the claim check on its golden cases; exit 1 if any case is wrong (a case marked
    as a known gap is shown but does not fail the run)."""
    if args.sweep or args.html:
        raise InputError("--verifier scores the claim check alone. Drop --sweep and --html.")
    result = score(load_cases(args.claims or CLAIMS), assistant.embedder)
    print(_json(score_json(result)) if args.json else format_score(result))
    return 0 if result.passed else 1


def _write_html(path: Path, evaluation: Evaluation) -> None:
    """Write the HTML report, or an InputError naming the file and the fix."""
    try:
        path.write_text(page(evaluation), encoding="utf-8")
    except OSError as err:
        raise InputError(
            f"Cannot write the HTML report to {str(path)!r} ({err.strerror}). "
            "Pass --html a path in a folder you can write to."
        ) from err
    print(f"wrote {_shown(path)}", file=sys.stderr)


def show_evaluation(args: argparse.Namespace, report: Report, claim_support: bool = False) -> int:
    """Print a run's scores as `eval` `args` ask (with the `claim_support` of generated
    answers); exit 1 if it misses a threshold, else 0."""
    support = ClaimSupport.of(report) if claim_support else None
    if args.json:
        extra = {"claim_support": support.to_json()} if support else {}
        print(_json({**to_json(report, details=args.details), **extra}))
    else:
        print(format_report(report))
        if support:
            print()
            print(support.line())
        if args.details:
            print()
            print(format_wrong(report))
    return _check(args, report)


def show_sweep(args: argparse.Namespace, free: Report, evaluation: Evaluation) -> int:
    """Print the sweep of a run made with no threshold (`free`, scored at the thresholds in use
    in `evaluation`): one threshold for all languages on the dev split, with the scores at the
    thresholds in use; the held-out check; and the test split at the threshold best on dev and
    at those in use. Check the minimums on the scores at the thresholds in use."""
    current, report = evaluation.cutoffs, evaluation.report
    rows = evaluation.sweep  # of the dev split: `--sweep` needs one
    checks = held_out(free, split="dev")
    best = best_threshold(free, split="dev")
    test: list[tuple[float | Cutoffs, Report]] = []
    if has_test_split(free):
        test = [(best, at_threshold(select(free, "test"), best))]
        if best != current.single:
            test.append((current, select(report, "test")))
    in_use = evaluation.in_use
    if args.json:
        print(_json(sweep_json(rows, current, checks, test=test, best=best, in_use=in_use)))
    else:
        print(format_sweep(rows, current, checks, test=test, in_use=in_use))
        if args.details:
            print()
            print(format_wrong(report))
    return _check(args, report)


def _check(args: argparse.Namespace, report: Report) -> int:
    """Print each threshold the run misses (on its test split, if it has one) on stderr."""
    thresholds = Thresholds(
        accuracy=dict(args.min_accuracy),
        refusal_correctness=args.min_refusal,
        citation_precision=args.min_citation_precision,
        recall_at_5=args.min_recall5,
        unanswerable_refused=dict(args.min_unanswerable_refused),
        wrongly_refused=args.max_wrongly_refused,
        false_premise_refused=args.min_false_premise,
        native_first_line=args.min_native_first_line,
    )
    split, checked = checked_split(report)
    missed = misses(checked, thresholds, split=split)
    for line in missed:
        print(line, file=sys.stderr)
    return 1 if missed else 0


def _run_facts(assistant: Assistant, facts: list[Fact]) -> Report:
    """Ask every fact's question with a progress bar on stderr, and score the answers."""
    with tqdm(
        total=len(facts), desc="eval", unit="question", file=sys.stderr, disable=None, leave=False
    ) as bar:

        def ask(question: str) -> Answer:
            answer = assistant.ask(question)
            bar.update(1)
            return answer

        return run(ask, assistant.corpus(), facts)


def _facts(path: Path, split: str = "all") -> list[Fact]:
    """The facts in `path` (of one split, unless `split` is all), or an InputError naming the
    file and the expected format."""
    return read_facts(path, split)


def _serve(args: argparse.Namespace, assistant: Assistant) -> int:
    try:
        import app  # the Gradio UI: imported only here, so other commands never load gradio
    except ModuleNotFoundError as err:
        if err.name != "app":
            raise
        print(
            "error: app.py is missing, so there is no UI to serve. Run from the repository "
            "root or reinstall reportchat.",
            file=sys.stderr,
        )
        return 2
    start = getattr(app, "main", None)
    if not callable(start):
        print(
            "error: app.py has no main(settings) to start the UI. Run: python app.py",
            file=sys.stderr,
        )
        return 2
    start(assistant.settings)
    return 0


def _documents(args: argparse.Namespace, assistant: Assistant) -> int:
    _require_index(assistant.settings)
    documents = assistant.documents()
    if args.json:
        for document in documents:
            print(_json(asdict(document)))
        return 0
    if not documents:
        print(
            f"No documents in the index at {_shown(assistant.settings.index_path)}. "
            "Run: reportchat ingest data/report.txt"
        )
        return 0
    rows = [("name", "passages", "sentences", "ingested_at")]
    rows += [(d.name, str(d.passages), str(d.sentences), d.ingested_at) for d in documents]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for name, passages, sentences, at in rows:
        print(f"{name:<{widths[0]}}  {passages:>{widths[1]}}  {sentences:>{widths[2]}}  {at}")
    return 0


def _remove(args: argparse.Namespace, assistant: Assistant) -> int:
    _require_index(assistant.settings)
    documents = {d.name: d for d in assistant.documents()}
    # Documents are known by file name: `data/report.txt` names `report.txt`.
    found = documents.get(args.name) or documents.get(Path(args.name).name)
    if found is None:
        names = ", ".join(documents) or "none (the index is empty)"
        raise InputError(
            f"No document named {args.name!r} in the index at "
            f"{_shown(assistant.settings.index_path)}. Pass one of the names "
            f"`reportchat documents` lists: {names}."
        )
    assistant.remove(found.name, waiting=_waiting_notice())
    print(f"removed {found.name} ({found.passages} passages, {found.sentences} sentences)")
    return 0


def _require_index(settings: Settings) -> None:
    """NoIndexError if there is no index folder, checked before anything opens the store (which
    would create one). A Chroma server's collections are the store's to check."""
    if not settings.chroma_url and not settings.index_path.exists():
        raise NoIndexError(
            f"No index at {_shown(settings.index_path)} (collection '{settings.collection}'). "
            "Run: reportchat ingest data/report.txt"
        )


# -- output -------------------------------------------------------------------------------------


class ProgressLines:
    """A progress callback for `Assistant.ingest`: `report.txt: 1,200 of 5,000 (24%)` on a stream.

    A file is timed from the previous callback (or from the start): one that takes under
    `interval` seconds gets no line, nor does one whose first callback is its end (its result
    line says as much). After the first line, the next comes once `interval` seconds or `step`
    of the file have passed, and at the end.
    """

    def __init__(
        self,
        stream: TextIO,
        interval: float = PROGRESS_SECONDS,
        step: float = PROGRESS_STEP,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._interval = interval
        self._step = step
        self._clock = clock
        self._last_call = clock()
        self._what = ""
        self._started = 0.0
        self._shown_at: float | None = None  # when the last line for `_what` was printed
        self._shown_done = 0

    def __call__(self, what: str, done: int, total: int) -> None:
        """Note that `done` of `total` of `what` are done; print a line if one is due."""
        now = self._clock()
        if what != self._what:
            self._what, self._started, self._shown_at, self._shown_done = (
                what,
                self._last_call,
                None,
                0,
            )
        self._last_call = now
        if self._shown_at is None:
            due = now - self._started >= self._interval and done < total
        else:
            due = (
                done >= total
                or now - self._shown_at >= self._interval
                or done - self._shown_done >= self._step * total
            )
        if not due:
            return
        share = done / total if total else 1.0
        print(f"{what}: {done:,} of {total:,} ({share:.0%})", file=self._stream, flush=True)
        self._shown_at, self._shown_done = now, done


def _progress(forced: bool) -> Progress:
    """Progress lines on stderr when it is a terminal or `forced`, else nothing."""
    if forced or sys.stderr.isatty():
        return ProgressLines(sys.stderr)
    return _no_progress


def _no_progress(_what: str, _done: int, _total: int) -> None:
    """A progress callback that shows nothing."""


def _waiting_notice() -> Callable[[str], None]:
    """A callback for a busy write lock: one stderr line per command, however often it waits."""
    said = False

    def waiting(holder: str) -> None:
        nonlocal said
        if not said:
            print(
                f"waiting: {holder} is writing to the index; this goes on when it is done "
                "(Ctrl-C to stop)",
                file=sys.stderr,
                flush=True,
            )
            said = True

    return waiting


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _shown(path: Path) -> str:
    """`path` relative to the working directory when it is inside it (`data/report.txt`)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
