"""Tests for core.config: defaults, `REPORTCHAT_*` variables (from a dict, never os.environ)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Settings
from core.errors import InputError


def test_no_variables_give_the_defaults() -> None:
    assert Settings.from_env({}) == Settings()
    assert Settings.from_env({"UNRELATED": "1", "REPORTCHAT": "x"}) == Settings()


def test_variables_override_path_int_float_and_text_fields() -> None:
    settings = Settings.from_env(
        {
            "REPORTCHAT_INDEX_PATH": "/tmp/elsewhere",
            "REPORTCHAT_TOP_K": "7",
            "REPORTCHAT_REFUSAL_THRESHOLD": "0.9",
            "REPORTCHAT_COLLECTION": "notes",
        }
    )
    assert settings.index_path == Path("/tmp/elsewhere")
    assert isinstance(settings.index_path, Path)
    assert settings.top_k == 7
    assert settings.refusal_threshold == 0.9
    assert settings.collection == "notes"
    assert settings.candidates == Settings().candidates  # untouched fields keep their default


@pytest.mark.parametrize(
    ("variable", "raw", "kind"),
    [
        ("REPORTCHAT_TOP_K", "five", "whole number"),
        ("REPORTCHAT_TOP_K", "2.5", "whole number"),
        ("REPORTCHAT_PORT", "", "whole number"),
        ("REPORTCHAT_REFUSAL_THRESHOLD", "high", "number"),
    ],
)
def test_a_bad_number_is_a_one_line_input_error_naming_the_variable(
    variable: str, raw: str, kind: str
) -> None:
    with pytest.raises(InputError) as caught:
        Settings.from_env({variable: raw})
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{variable}={raw!r} is not a {kind}")
    assert "Set it to e.g." in message


def test_the_limits_default_and_come_from_their_variables() -> None:
    assert (Settings().max_file_mb, Settings().max_units) == (50, 100_000)
    settings = Settings.from_env({"REPORTCHAT_MAX_FILE_MB": "200", "REPORTCHAT_MAX_UNITS": "5000"})
    assert (settings.max_file_mb, settings.max_units) == (200, 5000)


@pytest.mark.parametrize(
    ("variable", "raw"), [("REPORTCHAT_MAX_FILE_MB", "0"), ("REPORTCHAT_MAX_UNITS", "-5")]
)
def test_a_limit_below_1_is_a_one_line_input_error(variable: str, raw: str) -> None:
    with pytest.raises(InputError) as caught:
        Settings.from_env({variable: raw})
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{variable}={raw!r} must be at least 1. Set it to e.g. ")
