"""`python -m dashboard.serve`."""

import sys

from .launcher import main

sys.exit(main())
