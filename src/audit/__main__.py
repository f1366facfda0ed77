"""``python -m audit``: the same command line as ``content-audit``."""

from .cli import main

raise SystemExit(main())
