"""French for the texts of the reads-mask work: provider answers masked (webhook payloads),
the "always show the UTC offset" setting."""

FR = {
    "Payload": "Contenu reçu",
}
