"""fanpin._kept.Kept: the latest values made, by key, for every thread."""

from __future__ import annotations

import threading

import pytest

from fanpin._kept import Kept


def test_a_key_asked_for_again_gives_what_was_made_and_the_oldest_goes_first() -> None:
    kept: Kept[list[str]] = Kept(2)
    made = [kept.get(key, list) for key in ("a", "b", "a", "c")]  # "a" asked again: "b" is the oldest, and goes
    assert made[0] is made[2]
    assert kept.get("a", lambda: ["new a"]) is made[0] and kept.get("c", list) is made[3]
    assert kept.get("b", lambda: ["new b"]) == ["new b"]


def test_a_value_that_cannot_be_made_is_not_kept() -> None:
    kept: Kept[int] = Kept(2)

    def refused() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        kept.get("a", refused)
    assert kept.get("a", lambda: 1) == 1


def test_threads_making_one_key_at_once_all_get_the_value_kept_first() -> None:
    kept: Kept[object] = Kept(4)
    barrier = threading.Barrier(8)
    got: list[object] = []

    def make() -> object:
        barrier.wait()  # every thread is making it at once
        return object()

    threads = [threading.Thread(target=lambda: got.append(kept.get("k", make))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and all(g is got[0] for g in got)
