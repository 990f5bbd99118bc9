"""``python -m framing.cli`` runs the ``framing`` command."""

import sys

from framing.cli import main

sys.exit(main())
