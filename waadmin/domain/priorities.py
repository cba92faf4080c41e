"""Priorities: lower numbers go first, 3 is the Django default."""

from __future__ import annotations

DEFAULT = 3
ALL: tuple[int, ...] = (1, 2, 3, 4, 5)

LABELS_FR = {1: "Très haute", 2: "Haute", 3: "Normale", 4: "Basse", 5: "Très basse"}
LABELS_EN = {1: "Very high", 2: "High", 3: "Normal", 4: "Low", 5: "Very low"}


def label(priority: int | None, language: str = "en") -> str:
    labels = LABELS_FR if language.startswith("fr") else LABELS_EN
    if priority is None:
        return "?"
    return labels.get(priority, str(priority))
