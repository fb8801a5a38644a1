"""The public door: ``fanpin.__all__`` is sorted, complete and importable."""

from __future__ import annotations

import fanpin


def test_all_is_sorted_and_unique() -> None:
    assert list(fanpin.__all__) == sorted(set(fanpin.__all__))


def test_every_public_name_exists() -> None:
    missing = [name for name in fanpin.__all__ if not hasattr(fanpin, name)]
    assert missing == []


def test_every_error_class_is_public_and_has_a_code() -> None:
    errors = [getattr(fanpin, n) for n in fanpin.__all__ if n.endswith("Error")]
    codes = [e.code for e in errors]
    assert len(errors) >= 10
    assert all(codes)
    assert issubclass(fanpin.ConfigError, ValueError)
    assert issubclass(fanpin.EngineError, RuntimeError)
    assert issubclass(fanpin.InputError, ValueError)
