"""French for texts added while merging the session's branches (see update_translations.py)."""

FR = {
    "Send now": "Envoyer maintenant",
    "Change nothing": "Ne rien changer",
    "Cancel them": "Les annuler",
}
