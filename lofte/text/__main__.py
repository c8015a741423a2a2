from __future__ import annotations

import sys

from lofte.text.cli import main

sys.exit(main())
