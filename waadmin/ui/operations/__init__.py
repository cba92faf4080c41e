"""What the window's commands do: each controller asks, starts the engine's work in the background
and reports; the main window only builds the widgets and wires them to these."""
