"""Providers: httpx clients for WaChap (legacy and V4) and the Meta Cloud API, error
classification, routing and rate limits. No database, no Qt."""
