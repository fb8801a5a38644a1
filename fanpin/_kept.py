"""What a process keeps of the things it made, for when it is asked for them again.

:class:`Kept` holds the latest few values made, by key, for every thread: the rulebooks
:func:`fanpin.load_rulebook` made, the programs batch engines share, the strategies of
:mod:`fanpin.testing`, the worksheet's compiled member checks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """The latest ``size`` values made, by key (the one asked for last is the latest).

    :meth:`get` makes a value it does not hold outside its lock (making may take long, and may raise:
    then nothing is kept); when two threads make the same key at once, both get the one kept first.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        with self._lock:
            value = self._values.setdefault(key, value)
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value
