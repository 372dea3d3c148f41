"""Property-based tests (hypothesis) for the security policies."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import reduce

from hypothesis import given
from hypothesis import strategies as st

from hmis_core.security import (
    HUD_2004_BASELINE,
    STRICT_LOCAL,
    AdminUnlock,
    LockoutEvent,
    LockoutPolicy,
    LockoutState,
    LoginFailed,
    LoginSucceeded,
    PasswordPolicy,
)

SAMPLE_WORDS = ["password", "sunshine", "homeless", "qwerty", "shelter", "monkey", "clarity"]

custom_policies = st.builds(
    PasswordPolicy,
    min_length=st.integers(1, 12),
    max_length=st.none() | st.integers(12, 60),
    min_letters=st.integers(0, 3),
    min_digits=st.integers(0, 3),
    forbid_username=st.booleans(),
    forbid_system_names=st.booleans(),
    forbid_reversed_names=st.booleans(),
    forbid_dictionary_words=st.booleans(),
    forbid_reversed_dictionary_words=st.booleans(),
    extra_words=st.frozensets(st.text(min_size=1, max_size=8), max_size=3),
    dictionary_strip_chars=st.sampled_from(["", "0123456789", "0123456789!?"]),
)
policies = st.sampled_from([HUD_2004_BASELINE.password, STRICT_LOCAL.password]) | custom_policies


@st.composite
def word_based(draw: st.DrawFn) -> str:
    """Dictionary words / names, maybe reversed, upper-cased or wrapped in digits."""
    word = draw(st.sampled_from([*SAMPLE_WORDS, "jdoe", "bitfocus"]))
    if draw(st.booleans()):
        word = word[::-1]
    if draw(st.booleans()):
        word = word.upper()
    affix = st.text("0123456789!", max_size=3)
    return draw(affix) + word + draw(affix)


passwords = st.text(max_size=60) | word_based()
usernames = st.none() | st.sampled_from(["jdoe", "al", "j.doe"]) | st.text(max_size=10)
system_names = st.lists(st.sampled_from(["Clarity Human Services", "Bitfocus", "HMIS"]))


@given(policies, passwords, usernames, system_names)
def test_is_acceptable_agrees_with_check(
    policy: PasswordPolicy, password: str, username: str | None, systems: list[str]
) -> None:
    violations = policy.check(password, username=username, system_names=systems)
    accepted = policy.is_acceptable(password, username=username, system_names=systems)
    assert accepted is (not violations)
    assert len({v.code for v in violations}) == len(violations)
    if accepted:
        assert len(password) >= policy.min_length
        assert policy.max_length is None or len(password) <= policy.max_length
        assert sum(c.isalpha() for c in password) >= policy.min_letters
        assert sum(c.isdecimal() for c in password) >= policy.min_digits


@given(policies, passwords.filter(lambda p: len(p) >= 4), usernames, system_names)
def test_messages_never_contain_the_password(
    policy: PasswordPolicy, password: str, username: str | None, systems: list[str]
) -> None:
    catalogue = policy.requirements()
    static_text = " ".join(catalogue.values()).casefold()
    # worst cases: the password doubles as user name and as system name
    for user, names in ((username, systems), (password, [password]), (None, [password])):
        for violation in policy.check(password, username=user, system_names=names):
            # messages depend on the policy only, never on the inputs ...
            assert violation.message == catalogue[violation.code]
            # ... so the password can only appear by coincidence with fixed text
            if password.casefold() not in static_text:
                assert password.casefold() not in violation.message.casefold()


T0 = datetime(2024, 5, 1, 9, 0)
times = st.integers(0, 60 * 24 * 7).map(lambda m: T0 + timedelta(minutes=m))
events: st.SearchStrategy[LockoutEvent] = st.one_of(
    st.builds(LoginFailed, times),
    st.builds(LoginSucceeded, times),
    st.builds(AdminUnlock, times, st.none() | st.just("admin")),
)
event_lists = st.lists(events, max_size=30).map(lambda evs: sorted(evs, key=lambda e: e.at))
lockout_policies = st.builds(
    LockoutPolicy,
    max_failures=st.integers(1, 5),
    auto_unlock_after=st.none() | st.integers(1, 600).map(lambda m: timedelta(minutes=m)),
) | st.just(HUD_2004_BASELINE.lockout)


@given(lockout_policies, event_lists)
def test_lockout_state_is_pure_function_of_events(
    policy: LockoutPolicy, evs: list[LockoutEvent]
) -> None:
    first = policy.replay(evs)
    assert policy.replay(list(evs)) == first
    assert reduce(policy.apply, evs, LockoutState()) == first
    if evs:
        assert policy.apply(policy.replay(evs[:-1]), evs[-1]) == first


@given(event_lists)
def test_hud_lockout_invariants(evs: list[LockoutEvent]) -> None:
    policy = HUD_2004_BASELINE.lockout
    state = LockoutState()
    for event in evs:
        before = state
        state = policy.apply(state, event)
        assert state.locked is (state.failures >= policy.max_failures)
        if state.refused:
            assert state.locked
        if before.locked and not isinstance(event, AdminUnlock):
            assert state.locked  # only an administrator unlocks
        if isinstance(event, LoginSucceeded) and before.locked:
            assert state.refused
