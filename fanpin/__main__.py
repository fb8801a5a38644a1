"""``python -m fanpin`` is the ``fanpin`` command (the console script's entry point,
:func:`_fanpin_command.main`; fanpin/__init__.py has guarded its own import against Ctrl-C)."""

import sys

from _fanpin_command import main

sys.exit(main())
