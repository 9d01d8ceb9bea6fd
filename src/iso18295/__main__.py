"""Run the command line: ``python -m iso18295``."""

import sys

from ._cli import main

sys.exit(main())
