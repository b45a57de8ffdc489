import sys

from ngoclaims.cli import main

sys.exit(main())
