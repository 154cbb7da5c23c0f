"""`make run`'s secrets: random, made once per checkout, private, and the environment wins."""

import os
from pathlib import Path

import pytest
import secrets_env


def test_secrets_are_made_once_kept_private_and_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in secrets_env.NAMES:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "var" / "secrets.env"
    first = secrets_env.ensure(path)
    assert set(first) == set(secrets_env.NAMES)
    assert all(len(value) >= 32 for value in first.values())
    assert len(set(first.values())) == len(first)
    assert path.stat().st_mode & 0o777 == 0o600
    assert secrets_env.ensure(path) == first  # once per checkout
    assert os.environ["DAIKOU_INTERNAL_TOKEN"] == first["DAIKOU_INTERNAL_TOKEN"]


def test_a_value_in_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAIKOU_INTERNAL_TOKEN", "set-by-the-operator-0123456789")
    secrets_env.ensure(tmp_path / "secrets.env")
    assert os.environ["DAIKOU_INTERNAL_TOKEN"] == "set-by-the-operator-0123456789"
