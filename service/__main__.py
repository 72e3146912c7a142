"""``python -m service``: same as the ``grooming-risk`` console script."""

import sys

from service.cli import main

sys.exit(main())
