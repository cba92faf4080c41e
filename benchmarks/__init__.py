"""Hand-run performance checks at a million attempts (issue 8); not part of the test run."""
