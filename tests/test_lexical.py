"""Tests for retriever.lexical's per-document terms, their merge, and BM25 equal to bm25s's.

bm25s (its defaults: Lucene BM25, k1=1.5, b=0.75) is the reference: our scores must be its
scores and our rankings its scores ordered best first, equal scores in position order. Corpora:
the bundled report, and chapters of the Debian Reference in English and Chinese (installed by
Debian, written by no one here).
"""

from __future__ import annotations

import hashlib
import io
import logging
import struct
from itertools import groupby
from pathlib import Path

import bm25s
import numpy as np
import pytest

from core.glossary import Glossary, default_glossary
from core.types import Document, Sentence
from ingest.chunk import split
from ingest.load import load
from retriever.lexical import (
    FORMAT_VERSION,
    GLOSS_WORDS,
    MAGIC,
    LexicalIndex,
    LexicalRetriever,
    Terms,
    query_tokens,
    terms_of,
    tokenize,
)

# ingest.load parses the Debian Reference's XHTML with an HTML parser, and bs4 says so each time.
pytestmark = pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")

REPORT = Path(__file__).resolve().parent.parent / "data" / "report.txt"
DEBIAN = Path("/usr/share/debian-reference")
CHAPTERS = ["ch01", "ch02", "ch03", "ch05"]

REPORT_QUERIES = [
    "poverty alleviation",
    "rural income 2024",
    "per capita disposable income of rural residents",
    "employment of people from poor households",
    "transitional period",
    "large-scale relapse into poverty",
    "international cooperation poverty reduction",
    "Global Civilizations Dialogue Ministerial Meeting",
    "yuan",
    "poverty poverty counties",
    "What did the report say about consolidating achievements?",
    "China's new missions",
    "扶贫 成就",
    "农村 居民 收入",
]
DEBIAN_QUERIES = [
    "install a package with apt-get",
    "how do I configure the network interface",
    "ssh keys and remote login",
    "file system permissions chmod",
    "mount a USB disk",
    "shell prompt and bash history",
    "Debian archive mirror sources.list",
    "upgrade the whole system",
    "locale and keyboard settings",
    "sudo root password",
    "vim editor",
    "tar gzip archive",
    "grep regular expression",
    "dpkg dpkg dpkg",
    "软件包 管理",
    "网络 配置",
    "文件系统 权限",
    "如何 安装 软件包",
    "系统 升级",
    "用户 密码",
    "命令行 shell",
    "磁盘 分区",
    "编辑器 vim",
    "Debian 发行版 镜像",
    "root 账户 sudo",
    "apt-get 更新 软件源",
]


def sentences_of(*paths: Path) -> list[Sentence]:
    """The sentences of each file, loaded and split as ingest does, documents in order."""
    return [s for path in paths for s in split(load(path))[1]]


def parts_of(sentences: list[Sentence]) -> list[Terms]:
    """One `Terms` per document (per run of a document's sentences)."""
    return [terms_of(list(run)) for _, run in groupby(sentences, key=lambda s: s.document)]


def reference(sentences: list[Sentence]) -> bm25s.BM25:
    """bm25s with its defaults over the same tokens."""
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    model = bm25s.BM25()
    model.index([tokenize(s.clean) for s in sentences], show_progress=False)
    return model


def reference_top(model: bm25s.BM25, tokens: list[str], k: int) -> list[tuple[int, float]]:
    """bm25s's scores, best first, equal scores by position, positive only."""
    if not tokens:  # bm25s indexes tokens[0]
        return []
    scores = model.get_scores(tokens)
    order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))[:k]
    return [(i, float(scores[i])) for i in order if scores[i] > 0]


def assert_same_ranking(ours: list[tuple[int, float]], theirs: list[tuple[int, float]]) -> None:
    """Same positions in the same order, scores equal to 1e-5 relative."""
    assert [i for i, _ in ours] == [i for i, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], rtol=1e-5, atol=0)


def document(name: str, text: str) -> Document:
    """A document of `text`, as `ingest.load` would make it."""
    return Document(name, text, hashlib.sha256(text.encode()).hexdigest())


def make_sentence(sid: str, text: str, doc: str = "d.txt") -> Sentence:
    """A sentence with id `sid` and clean text `text`."""
    return Sentence(sid, "p", doc, "S", 1, 0, len(text), text, text)


@pytest.fixture(scope="module")
def report() -> list[Sentence]:
    """The bundled report's sentences."""
    return sentences_of(REPORT)


@pytest.fixture(scope="module")
def debian() -> list[Sentence]:
    """Four chapters of the Debian Reference, each in English then in Chinese."""
    paths = [DEBIAN / f"{c}.{lang}.html" for c in CHAPTERS for lang in ("en", "zh-cn")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(
            f"Debian Reference not installed ({missing[0]}): apt-get install debian-reference"
        )
    return sentences_of(*paths)


@pytest.fixture(scope="module")
def debian_parts(debian: list[Sentence]) -> list[Terms]:
    """The Debian chapters' terms, one part per chapter and language."""
    return parts_of(debian)


# -- equal to bm25s -------------------------------------------------------------------------


@pytest.mark.parametrize("corpus", ["report", "debian"])
def test_scores_and_rankings_equal_bm25s(corpus: str, request: pytest.FixtureRequest) -> None:
    sentences: list[Sentence] = request.getfixturevalue(corpus)
    queries = REPORT_QUERIES if corpus == "report" else DEBIAN_QUERIES
    parts = parts_of(sentences)
    assert len(parts) == (1 if corpus == "report" else 2 * len(CHAPTERS))
    index, model = LexicalIndex(parts), reference(sentences)
    found = 0
    for query in queries:
        tokens = tokenize(query)
        np.testing.assert_allclose(index.scores(tokens), model.get_scores(tokens), rtol=1e-5)
        for k in (1, 10, 50):
            assert_same_ranking(index.top(tokens, k), reference_top(model, tokens, k))
        found += bool(index.top(tokens, 1))
    assert found >= len(queries) - 2  # the queries do find something: the comparison is real


def test_retriever_returns_bm25s_ranking_as_hits(debian: list[Sentence]) -> None:
    retriever, model = LexicalRetriever(debian), reference(debian)
    for query in ("configure the network", "网络 配置"):
        hits = retriever.retrieve(query, 10)
        expected = reference_top(model, tokenize(query), 10)
        assert len(hits) == 10
        assert [h.sentence.id for h in hits] == [debian[i].id for i, _ in expected]
        np.testing.assert_allclose([h.score for h in hits], [s for _, s in expected], rtol=1e-5)


# -- merging --------------------------------------------------------------------------------


def test_merged_parts_score_as_one_index_over_all_sentences(
    debian: list[Sentence], debian_parts: list[Terms]
) -> None:
    whole = LexicalIndex([terms_of(debian)])
    per_document = LexicalIndex(debian_parts)
    cuts = [0, 1, 2, 500, 501, 1777, len(debian) // 2, len(debian)]  # incl. a 0-sentence part
    pieces = LexicalIndex([terms_of(debian[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)])
    assert len(whole) == len(per_document) == len(pieces) == len(debian)
    for query in DEBIAN_QUERIES:
        tokens = tokenize(query)
        assert np.array_equal(per_document.scores(tokens), whole.scores(tokens))
        assert np.array_equal(pieces.scores(tokens), whole.scores(tokens))
        assert per_document.top(tokens, 20) == whole.top(tokens, 20) == pieces.top(tokens, 20)


def test_retriever_from_terms_matches_building_from_sentences(
    debian: list[Sentence], debian_parts: list[Terms]
) -> None:
    stored = [Terms.from_bytes(t.to_bytes()) for t in debian_parts]
    built, restored = LexicalRetriever(debian), LexicalRetriever.from_terms(debian, stored)
    for query in DEBIAN_QUERIES[:6] + DEBIAN_QUERIES[-6:]:
        assert restored.retrieve(query, 15) == built.retrieve(query, 15)


def test_from_terms_rejects_sentences_out_of_order(report: list[Sentence]) -> None:
    parts = parts_of(report)
    swapped = [report[1], report[0], *report[2:]]
    with pytest.raises(ValueError, match=r"position 0") as err:
        LexicalRetriever.from_terms(swapped, parts)
    assert "\n" not in str(err.value)
    with pytest.raises(ValueError, match=r"cover \d+ sentences"):
        LexicalRetriever.from_terms(report[:-1], parts)


# -- the stored form ------------------------------------------------------------------------


def test_terms_round_trip_through_bytes(debian_parts: list[Terms]) -> None:
    english, chinese = debian_parts[:2]
    assert any("\u4e00" <= t[0] <= "\u9fff" for t in chinese.vocabulary)
    for part in (english, chinese, terms_of([])):
        again = Terms.from_bytes(part.to_bytes())
        assert again == part
        assert again.sentence_ids == part.sentence_ids and again.vocabulary == part.vocabulary


def test_terms_hold_each_sentences_token_counts() -> None:
    sentences = [make_sentence("a", "Income rose; incomes rose again."), make_sentence("b", "")]
    terms = terms_of(sentences)
    assert terms.sentence_ids == ("a", "b")
    assert terms.indptr.tolist() == [0, 3, 3]
    counts = {terms.vocabulary[i]: int(c) for i, c in zip(terms.indices, terms.counts, strict=True)}
    assert counts == {t: tokenize(sentences[0].clean).count(t) for t in counts}
    assert sum(counts.values()) == len(tokenize(sentences[0].clean)) == 5


LAYOUT = struct.Struct("<8sIIQQQQ")  # the documented header of `Terms.to_bytes`


def raw_blob(
    ids: list[str],
    vocabulary: list[str],
    indptr: list[int],
    indices: list[int],
    counts: list[int],
    version: int = FORMAT_VERSION,
) -> bytes:
    """A blob in the documented layout, of whatever arrays the test wants."""
    text = "".join(t + "\0" for t in [*ids, *vocabulary]).encode()
    header = LAYOUT.pack(MAGIC, version, 0, len(ids), len(vocabulary), len(indices), len(text))
    arrays = [np.array(indptr, "<i8"), np.array(indices, "<i4"), np.array(counts, "<i4")]
    return header + b"".join(a.tobytes() for a in arrays) + text


GOOD = (["a", "b"], ["rural", "incom", "job"], [0, 2, 4], [0, 1, 0, 2], [1, 1, 1, 1])


def good_blob() -> bytes:
    """The blob of two tiny sentences, as `to_bytes` writes it."""
    terms = terms_of([make_sentence("a", "rural income"), make_sentence("b", "rural jobs")])
    return terms.to_bytes()


def test_the_documented_layout_is_what_to_bytes_writes() -> None:
    assert good_blob() == raw_blob(*GOOD)
    assert Terms.from_bytes(raw_blob(*GOOD)).vocabulary == ("rural", "incom", "job")


def npz() -> bytes:
    """A NumPy archive: a real file format, but not ours."""
    buffer = io.BytesIO()
    np.savez(buffer, indptr=np.array([0]))
    return buffer.getvalue()


ids, vocabulary, indptr, indices, counts = GOOD


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (b"", "Not a lexical terms blob"),
        (b"not a blob at all, but long enough for a header ...", "Not a lexical terms blob"),
        (npz(), "Not a lexical terms blob"),
        (good_blob()[:-1], "the header says"),
        (good_blob() + b"\0", "the header says"),
        (raw_blob(*GOOD, version=0), f"version 0, not {FORMAT_VERSION}"),
        (raw_blob(ids, vocabulary, indptr, [0, 1, 0, 7], counts), "outside its vocabulary"),
        (raw_blob(ids, vocabulary, [0, 3, 5], indices, counts), "does not fit"),
        (raw_blob(ids, vocabulary, indptr, indices, [1, 0, 1, 1]), "count below 1"),
        (raw_blob(ids, ["rural", "rural", "job"], indptr, indices, counts), "repeats a token"),
        (raw_blob(ids, vocabulary, indptr, indices, counts)[:-2] + b"\xff\0", "UnicodeDecode"),
        (raw_blob(ids, vocabulary, indptr, indices, counts)[:-1] + b"x", "do not count up"),
    ],
    ids=[
        "empty", "text", "npz", "truncated", "trailing", "old", "index", "indptr", "count",
        "vocabulary", "utf8", "strings",
    ],
)  # fmt: skip
def test_bad_or_old_blobs_raise_one_line_value_errors(blob: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message) as err:
        Terms.from_bytes(blob)
    assert "\n" not in str(err.value)
    assert "terms_of(sentences)" in str(err.value)  # the fix


def test_every_truncation_of_a_blob_is_refused() -> None:
    blob = good_blob()
    for end in range(len(blob)):
        with pytest.raises(ValueError):
            Terms.from_bytes(blob[:end])


def test_an_id_with_a_nul_cannot_be_stored() -> None:
    with pytest.raises(ValueError, match="NUL"):
        terms_of([make_sentence("a\0b", "rural income")]).to_bytes()


# -- edges ----------------------------------------------------------------------------------


def test_empty_documents_and_sentences_count_as_bm25s_counts_them() -> None:
    text = "Rural income\n\nRural income grew. Of the. Jobs grew in rural counties. And so.\n"
    sentences = split(document("a.txt", text))[1]
    assert any(not tokenize(s.clean) for s in sentences)  # sentences of stopwords only
    empty = terms_of([])
    parts = [empty, terms_of(sentences), empty, terms_of([make_sentence("z", "of the")])]
    index, model = LexicalIndex(parts), reference([*sentences, make_sentence("z", "of the")])
    assert len(index) == len(sentences) + 1
    for query in ("rural income", "jobs", "grew counties"):
        tokens = tokenize(query)
        assert_same_ranking(index.top(tokens, 10), reference_top(model, tokens, 10))
        assert index.top(tokens, 10)


def test_nothing_to_search_finds_nothing() -> None:
    assert LexicalIndex([]).top(["rural"], 5) == []
    assert LexicalIndex([terms_of([])]).top(["rural"], 5) == []
    stopwords_only = [make_sentence("a", "of the"), make_sentence("b", "and so")]
    assert LexicalIndex([terms_of(stopwords_only)]).top(["rural"], 5) == []
    assert LexicalRetriever(stopwords_only).retrieve("rural income", 5) == []
    assert LexicalRetriever([]).retrieve("rural income", 5) == []


def test_a_query_with_no_known_token_finds_nothing(report: list[Sentence]) -> None:
    retriever = LexicalRetriever(report)
    assert retriever.retrieve("zyxwv qqqq", 5) == []
    assert retriever.retrieve("the of and", 5) == []  # stopwords: no tokens at all
    assert retriever.retrieve("", 5) == []
    assert retriever.retrieve("zyxwv poverty", 5)  # the known token still counts


def test_k_larger_than_the_hits_returns_every_hit(report: list[Sentence]) -> None:
    index, model = LexicalIndex(parts_of(report)), reference(report)
    tokens = tokenize("yuan")
    positive = int((model.get_scores(tokens) > 0).sum())
    assert 0 < positive < 50
    assert len(index.top(tokens, 1000)) == positive
    assert_same_ranking(index.top(tokens, 1000), reference_top(model, tokens, 1000))
    assert index.top(tokens, 0) == []


def test_equal_scores_keep_position_order_across_the_cut() -> None:
    same = [make_sentence(f"s{i}", "rural income") for i in range(6)]
    sentences = [make_sentence("x", "rural jobs"), *same, make_sentence("y", "rural income rural")]
    index = LexicalIndex([terms_of(sentences[:3]), terms_of(sentences[3:])])
    top = index.top(["incom"], 4)  # six sentences tie; the cut falls among them
    assert [i for i, _ in top] == [1, 2, 3, 4] and len({s for _, s in top}) == 1
    assert [i for i, _ in index.top(["incom"], 10)] == [1, 2, 3, 4, 5, 6, 7]
    assert [i for i, _ in index.top(["rural"], 3)] == [
        i for i, _ in reference_top(reference(sentences), ["rural"], 3)
    ]


# -- a Chinese query searched by its English glosses -------------------------------------------

FEW_GLOSSES = Glossary(
    [
        ("城镇", "town"),
        ("收入", "income"),
        ("中", "China"),
        *(("发展", sense) for sense in ("to develop", "growth", "to expand", "to recruit")),
    ]
)


def test_a_chinese_query_finds_english_sentences_by_the_glosses_of_its_words() -> None:
    sentences = [make_sentence("u", "Incomes rose in the town."), make_sentence("r", "Rain fell.")]

    glossed = LexicalRetriever(sentences, glossary=FEW_GLOSSES)

    assert [h.sentence.id for h in glossed.retrieve("城镇收入", 5)] == ["u"]
    assert LexicalRetriever(sentences).retrieve("城镇收入", 5) == []  # no Chinese to match
    tokens = query_tokens("城镇收入", FEW_GLOSSES)
    assert tokens[:2] == tokenize("城镇收入") == ["城镇", "收入"]  # the words first, as typed
    assert tokens[2:] == [*FEW_GLOSSES.english("城镇"), *FEW_GLOSSES.english("收入")]


def test_single_characters_and_words_of_many_glosses_are_not_searched_by_them() -> None:
    sentences = [make_sentence("g", "Growth and recruitment in China.")]
    glossed = LexicalRetriever(sentences, glossary=FEW_GLOSSES)

    assert len(FEW_GLOSSES.english("发展")) > GLOSS_WORDS  # develop, growth, expand, recruit
    assert query_tokens("发展", FEW_GLOSSES) == ["发展"]
    assert glossed.retrieve("发展", 5) == []
    assert FEW_GLOSSES.english("中") and "china" not in query_tokens("中国中", FEW_GLOSSES)


def test_a_chinese_question_finds_the_reports_english_sentence_through_cc_cedict(
    report: list[Sentence],
) -> None:
    question = "马里部长怎么评价这份报告？"

    hits = LexicalRetriever(report, glossary=default_glossary()).retrieve(question, 5)

    assert all("Mali" in h.sentence.text for h in hits[:2])  # 马里 is glossed "Mali"
    assert LexicalRetriever(report).retrieve(question, 5) == []
