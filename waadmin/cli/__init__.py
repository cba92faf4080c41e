"""The headless command line: the same engine as the desktop app, for cron and servers."""
