"""Password hashing takes at most `concurrency` cores; a burst waits briefly, then gets 503."""

import threading

import pytest

from daikou_gateway.adapters.passwords import Argon2Hasher, HashingBusy


def test_hashing_beyond_the_bound_waits_then_is_refused() -> None:
    hasher = Argon2Hasher(1, 1024, 1, concurrency=1, wait_s=0.05)
    stored = hasher.hash("correct horse battery")
    hasher._slots.acquire()  # another request holds the only slot
    try:
        with pytest.raises(HashingBusy) as refused:
            hasher.verify(stored, "correct horse battery")
        assert refused.value.status == 503
    finally:
        hasher._slots.release()
    assert hasher.verify(stored, "correct horse battery")


def test_parallel_hashes_never_exceed_the_bound() -> None:
    hasher = Argon2Hasher(1, 1024, 1, concurrency=2, wait_s=10)
    results: list[bool] = []
    stored = hasher.hash("pass phrase one")

    def work() -> None:
        results.append(hasher.verify(stored, "pass phrase one"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 8
    assert hasher._slots.acquire(blocking=False)  # every slot was given back
    assert hasher._slots.acquire(blocking=False)
