"""``python -m cartesia``: the ``cartesia`` command."""

import sys

from .cli import main

sys.exit(main())
