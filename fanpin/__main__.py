"""``python -m fanpin`` is the ``fanpin`` command."""

import sys

from fanpin.cli import main

sys.exit(main())
