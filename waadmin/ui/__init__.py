"""The PySide6 desktop app. Widgets wire signals to the engine; no SQL and no blocking I/O on
the GUI thread."""
