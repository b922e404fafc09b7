"""
``python -m provenance``: the ``provenance`` command.
"""

from __future__ import annotations

import sys

from provenance.cli import main


if __name__ == "__main__":
    sys.exit(main())
