"""What the bundled executable runs: the same entry point as the installed ``waadmin`` command."""

from waadmin.cli.main import main

raise SystemExit(main())
