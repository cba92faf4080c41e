"""The Dashboard tab: key figures, charts and the recommended alerts, from the engine's stats."""
