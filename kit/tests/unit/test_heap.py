"""Start-up's objects are frozen out of later collections; its garbage is collected first."""

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from daikou_kit import runtime
from daikou_kit.heap import settle
from daikou_kit.settings import ServiceSettings


class Node:
    """An object that can refer to itself (a cycle only the collector frees)."""

    def __init__(self) -> None:
        self.me: Node | None = None


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Give the test process its collections back afterwards."""
    yield
    gc.unfreeze()


def test_settle_collects_start_up_garbage_and_freezes_the_rest(unfrozen: None) -> None:
    kept = Node()
    garbage = Node()
    garbage.me = garbage
    gone = weakref.ref(garbage)
    del garbage

    settle()

    assert gone() is None  # the cycle was collected before freezing
    assert gc.get_freeze_count() > 0
    assert not any(o is kept for o in gc.get_objects())  # frozen: in no generation any more


def test_serve_settles_before_the_server_starts(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_when_served: list[int] = []
    monkeypatch.setattr(runtime, "configure_logging", lambda *_: None)
    monkeypatch.setattr(runtime, "configure_tracing", lambda *_: None)

    def run(*_: Any, **__: Any) -> None:
        frozen_when_served.append(gc.get_freeze_count())

    monkeypatch.setattr(runtime.uvicorn, "run", run)
    gc.unfreeze()

    runtime.serve(FastAPI(), ServiceSettings(internal_token=SecretStr("q8Jx3kP0v7yT1bN5mZ2cW9hR")))

    assert len(frozen_when_served) == 1
    assert frozen_when_served[0] > 0
