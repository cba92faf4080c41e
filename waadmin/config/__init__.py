"""Saved connection profiles and their secrets (system keyring). No Qt: the CLI uses them too."""
