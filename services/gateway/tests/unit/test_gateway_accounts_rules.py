"""Account rules: emails, passwords, names; argon2 hashing."""

import pytest

from daikou_gateway.adapters.passwords import Argon2Hasher
from daikou_gateway.domain.accounts import check_display_name, check_password, normalise_email
from daikou_kit.errors import InvalidInput


def test_emails_are_compared_in_canonical_form() -> None:
    assert normalise_email("  Hanako@Example.JP ") == "hanako@example.jp"


@pytest.mark.parametrize("bad", ["", "no-at-sign", "a@b", "two@@example.com", "sp ace@example.com"])
def test_invalid_emails_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        normalise_email(bad)


def test_short_passwords_are_refused_with_a_reason() -> None:
    with pytest.raises(InvalidInput, match="at least 10"):
        check_password("short")
    check_password("long enough pass")


def test_display_names_are_trimmed_and_bounded() -> None:
    assert check_display_name("  Hanako ") == "Hanako"
    with pytest.raises(InvalidInput):
        check_display_name("   ")
    with pytest.raises(InvalidInput):
        check_display_name("x" * 101)


def test_argon2_hashes_verify_only_the_right_password() -> None:
    hasher = Argon2Hasher(time_cost=1, memory_kib=8, parallelism=1)
    stored = hasher.hash("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert hasher.verify(stored, "correct horse battery")
    assert not hasher.verify(stored, "wrong horse battery")
    assert not hasher.verify("not-a-hash", "correct horse battery")
