from waadmin.cli.main import main

raise SystemExit(main())
