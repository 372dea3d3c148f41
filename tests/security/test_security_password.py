"""Table-driven tests for the password composition rules."""

from __future__ import annotations

import logging

import pytest
from attrs import evolve

from hmis_core.security import (
    HUD_2004_BASELINE,
    STRICT_LOCAL,
    PasswordPolicy,
    Violation,
    common_words,
)

HUD = HUD_2004_BASELINE.password
STRICT = STRICT_LOCAL.password
SYSTEMS = ("Clarity Human Services", "Bitfocus")


def codes(policy: PasswordPolicy, password: str, username: str | None = "jdoe") -> list[str]:
    return [v.code for v in policy.check(password, username=username, system_names=SYSTEMS)]


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        # acceptable
        ("Blue7Harbor", []),
        ("x9k2m4p7", []),
        # HUD 4.3: at least eight characters
        ("Ab3def", ["too_short"]),
        ("Ab3defg", ["too_short"]),
        ("Ab3defgh", []),
        # at least one letter and one number
        ("12345678901", ["no_letter"]),
        ("NoDigitsHere", ["no_digit"]),
        ("!!!!????", ["no_letter", "no_digit"]),
        # must not contain the user name (case-insensitive), nor it backwards
        ("xxJDOE42x", ["contains_username"]),
        ("xxeodj42x", ["reversed_username"]),
        # must not contain the HMIS name or the vendor name, nor them backwards
        ("MyClarity9", ["contains_system_name"]),
        ("bitfocus2024", ["contains_system_name"]),
        ("Zsucoftib77", ["reversed_system_name"]),
        ("7ytiralcX", ["reversed_system_name"]),
        ("humanservices1", ["contains_system_name"]),
        # must not consist entirely of a dictionary word, nor one spelled backwards
        ("sunshine", ["no_digit", "dictionary_word"]),
        ("SUNSHINE", ["no_digit", "dictionary_word"]),
        ("enihsnus", ["no_digit", "reversed_dictionary_word"]),
        ("drowssap", ["no_digit", "reversed_dictionary_word"]),
        ("homeless", ["no_digit", "dictionary_word"]),
        # common passwords are listed verbatim, digits included
        ("password1", ["dictionary_word"]),
        ("Password123", ["dictionary_word"]),
        ("1drowssap", ["reversed_dictionary_word"]),
        # HUD reading: a word plus digits is not "entirely" a dictionary word
        ("sunshine7", []),
        ("7enihsnus", []),
    ],
)
def test_hud_password_rules(password: str, expected: list[str]) -> None:
    assert codes(HUD, password) == expected


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Blue7Harbor", ["too_few_digits"]),
        ("Blue77Harbor", []),
        ("NoDigitsHere", ["no_digit"]),
        # max 50 characters
        ("a1" * 25, []),
        ("a1" * 25 + "b", ["too_long"]),
        # strict preset also strips digits/symbols around a dictionary word
        ("sunshine77", ["dictionary_word"]),
        ("Summer2024!", ["dictionary_word"]),
        ("99enihsnus", ["reversed_dictionary_word"]),
        ("12345678", ["no_letter", "dictionary_word"]),
    ],
)
def test_strict_local_rules(password: str, expected: list[str]) -> None:
    assert codes(STRICT, password) == expected


@pytest.mark.parametrize(
    ("policy", "password", "expected"),
    [
        (PasswordPolicy(min_letters=3), "ab123456", ["too_few_letters"]),
        (PasswordPolicy(min_letters=3), "12345678x", ["too_few_letters"]),
        (PasswordPolicy(min_letters=3), "12345678", ["no_letter", "dictionary_word"]),
        (PasswordPolicy(forbid_dictionary_words=False), "sunshine1", []),
        (PasswordPolicy(forbid_reversed_dictionary_words=False), "drowssap1", []),
        (PasswordPolicy(forbid_username=False), "jdoe12345", []),
        (PasswordPolicy(forbid_reversed_names=False), "eodj12345", []),
        (PasswordPolicy(forbid_system_names=False), "Clarity99", []),
        (PasswordPolicy(use_common_words=False), "sunshine", ["no_digit"]),
        (PasswordPolicy(extra_words={"Continuum7"}), "CONTINUUM7", ["dictionary_word"]),
        (PasswordPolicy(extra_words={"Continuum7"}), "7mUUNITNOC", ["reversed_dictionary_word"]),
        (PasswordPolicy(system_names=("HomeBase",)), "myhomebase1", ["contains_system_name"]),
        (PasswordPolicy(min_length=4, max_length=4), "ab12", []),
    ],
)
def test_configurable_rules(policy: PasswordPolicy, password: str, expected: list[str]) -> None:
    assert [v.code for v in policy.check(password, username="jdoe")] == expected


def test_short_names_only_match_whole_password() -> None:
    policy = PasswordPolicy(min_length=2)
    assert [v.code for v in policy.check("al", username="al")] == ["no_digit", "contains_username"]
    assert policy.check("always12", username="al") == []


def test_palindromic_name_reported_once() -> None:
    assert codes(HUD, "anna4567x", username="anna") == ["contains_username"]


def test_palindromic_word_reported_once() -> None:
    policy = PasswordPolicy(min_length=4, min_digits=0, extra_words={"abba"})
    assert [v.code for v in policy.check("abba", username=None)] == ["dictionary_word"]


def test_username_may_be_none_or_empty() -> None:
    assert HUD.check("jdoe12345", username=None) == []
    assert HUD.check("jdoe12345", username="") == []


def test_is_acceptable() -> None:
    assert HUD.is_acceptable("Blue7Harbor", username="jdoe")
    assert not HUD.is_acceptable("Clarity99", username="jdoe", system_names=["Clarity"])


def test_messages_come_from_requirements() -> None:
    reqs = HUD.requirements()
    for violation in HUD.check("", username="jdoe"):
        assert violation.message == reqs[violation.code]
    assert reqs["too_short"] == "Password must be at least 8 characters long."
    assert STRICT.requirements()["too_few_digits"] == "Password must contain at least 2 numbers."
    assert "too_long" not in reqs


def test_password_never_in_repr_or_message_or_log(caplog: pytest.LogCaptureFixture) -> None:
    secret = "jdoeSecretValue"
    with caplog.at_level(logging.DEBUG):
        violations = HUD.check(secret, username="jdoe")
    assert violations
    for v in violations:
        assert secret not in repr(v)
        assert "jdoe" not in v.message
    assert secret not in repr(violations)
    assert caplog.records == []


def test_violation_is_frozen() -> None:
    violation = Violation("too_short", "x")
    with pytest.raises(AttributeError):
        violation.code = "other"  # type: ignore[misc]


def test_invalid_configuration_rejected() -> None:
    with pytest.raises(ValueError, match="max_length"):
        PasswordPolicy(min_length=10, max_length=8)
    with pytest.raises(ValueError, match="min_length"):
        PasswordPolicy(min_length=0)
    with pytest.raises(ValueError, match="min_digits"):
        evolve(HUD, min_digits=-1)


def test_bundled_word_list() -> None:
    words = common_words()
    assert 300 <= len(words) <= 2000
    assert {"password", "qwerty", "sunshine", "homeless", "123456"} <= words
    assert all(w == w.strip().lower() and w for w in words)
    assert common_words() is words  # loaded once
