"""polars' memory allocator, tuned for the ``fanpin`` command before polars is loaded.

polars allocates with jemalloc, which returns freed pages to the system after a delay and takes fresh
ones (zeroed by the kernel, one page fault each) when it needs memory again. polars sets short delays
(``dirty_decay_ms:500,muzzy_decay_ms:1000``, to keep its memory low) and appends what
``_RJEM_MALLOC_CONF`` holds, whose options then win. A run of ``fanpin score`` frees and takes back the
same few hundred megabytes at every chunk: with polars' delays, scoring 1 000 000 households took about
680 000 page faults and 2.6 s of system time; keeping freed pages for five seconds (:data:`CONF`) took
370 000 faults and 1.6–2.1 s, for 100–200 MB more at the peak (measured side by side, four pairs, on the
benchmark's household table; the person-level export of 20 000 households: 0.53–0.59 s against
0.64–0.67 s, 30 MB more).

jemalloc reads its options once, when polars' library is loaded (its symbols are prefixed:
``MALLOC_CONF`` does not reach it). The command imports this module before anything that loads polars
(a test holds the order); a value already in the environment is kept. The library (``import fanpin``)
sets nothing: a host application's process is its own to tune.
"""

from __future__ import annotations

import os

__all__ = ["CONF", "VARIABLE"]

VARIABLE = "_RJEM_MALLOC_CONF"
#: Freed pages kept for five seconds (dirty, then muzzy) before they go back to the system.
CONF = "dirty_decay_ms:5000,muzzy_decay_ms:5000"

os.environ.setdefault(VARIABLE, CONF)
