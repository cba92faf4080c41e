"""waadmin's settings and secrets, for the CLI and the window alike (no Qt): one settings file in
the user's config folder and the system keyring (service.py), in sections — profiles,
provider_settings, worker_settings — each registering with sections.py."""
