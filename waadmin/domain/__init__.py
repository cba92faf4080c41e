"""Pure domain rules: statuses, types, back-off, state rules, alerts. No I/O, no Qt, no SQL."""
