"""Allow `python -m rolesim`."""

from rolesim.cli import main

raise SystemExit(main())
