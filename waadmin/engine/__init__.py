"""The engine: retry, cancel, cleanup, stats, webhook processing. Shared by the CLI and the GUI;
no Qt here. Long operations take a stop event and a progress callback (called from worker
threads), and every change is written to the audit log."""
