"""French for the texts of the reads-mask work: provider answers masked (webhook payloads),
the "always show the UTC offset" setting."""

FR = {
    "Payload": "Contenu reçu",
}
FR.update({
    "Always show the UTC offset": "Toujours afficher le décalage UTC",
    "Show every time with its offset from UTC, not only the ones the clocks going back make ambiguous": (
        "Afficher chaque heure avec son décalage par rapport à UTC, pas seulement celles que le changement d'heure rend ambiguës"
    ),
})
