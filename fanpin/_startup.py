"""``python -m fanpin``: Ctrl-C while Python imports the package is the command's, not a traceback.

fanpin/__init__.py imports this module first. Python imports the whole package (pydantic, durable-rules
and the rest of the library) before it runs fanpin/__main__.py; when that import is for ``python -m
fanpin``, a Ctrl-C during it exits 130 with the command's message (see :mod:`_fanpin_command`). Any other
``import fanpin`` (a host program, ``python -m`` of another module) is not changed: its Ctrl-C stays a
KeyboardInterrupt.
"""

import sys

if sys.argv[:1] == ["-m"]:  # only while ``python -m`` locates its module
    try:
        import _fanpin_command
    except ImportError:  # pragma: no cover - the fanpin folder copied without its entry point
        pass
    else:
        if _fanpin_command.run_as_command():
            _fanpin_command.guard_start_up()
