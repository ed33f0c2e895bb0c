"""`python -m studio` runs the `studio` command."""

from studio.cli import main

raise SystemExit(main())
