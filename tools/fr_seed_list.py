"""French for the attempts list's and the detail window's texts (issue 16: paging up from the
end, new rows, commands in the detail window)."""

FR = {
    "Read this attempt again (F5)": "Relire cette tentative (F5)",
    "Copy as tab-separated text with a header line, for a spreadsheet": "Copier en texte séparé par des tabulations, avec une ligne d'en-tête, pour un tableur",
    "Copy as a row": "Copier comme une ligne",
    "The attempt in full, in its own window": "La tentative en entier, dans sa propre fenêtre",
    "Copy the phone number": "Copier le numéro de téléphone",
    "The delivery and read reports received for this attempt": "Les accusés de remise et de lecture reçus pour cette tentative",
}

PLURALS = {
    "Showing all %Ln rows, from the end — back to the top": {
        "en": ("Showing the only row, from the end — back to the top", "Showing all %Ln rows, from the end — back to the top"),
        "fr": ("La seule ligne affichée, depuis la fin — revenir au début", "Les %Ln lignes affichées, depuis la fin — revenir au début"),
    },
    "More than %Ln new attempts — show": {
        "en": ("More than %Ln new attempt — show", "More than %Ln new attempts — show"),
        "fr": ("Plus de %Ln nouvelle tentative — afficher", "Plus de %Ln nouvelles tentatives — afficher"),
    },
}
