"""python -m ngoclaims: the command line (ngoclaims.cli)."""

import sys

from ngoclaims.cli import main

sys.exit(main())
