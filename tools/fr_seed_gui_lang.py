"""French for the GUI's code labels (statuses, types, error codes, audit, webhooks), relative
times and durations, and the texts of the live language switch (issue 18)."""

FR = {
    # Statuses: one word per status, for an attempt ("une tentative"), none mixed with English.
    "Pending": "En attente",
    "Sending": "En cours d'envoi",
    "Sent": "Envoyée",
    "Delivered": "Livrée",
    "Read": "Lue",
    "Failed": "Échec",
    "Failed, retry scheduled": "Échec, nouvel essai prévu",
    "labels|Failed permanently": "Échec définitif",  # a status; the dashboard's figure is plural
    "Cancelled": "Annulée",
    # Message types
    "Account": "Compte",
    "OTP code": "Code OTP",
    "System": "Système",
    "Notification": "Notification",
    "Urgent": "Urgent",
    "Report": "Rapport",
    "Parcel status": "Statut colis",
    "Lot status": "Statut lot",
    "Delivery": "Livraison",
    "Marketing": "Marketing",
    "Other": "Autre",
    "Credentials": "Identifiants",
    "Shipment": "Expédition",
    "Parcel created": "Création colis",
    # Priorities
    "Very high": "Très haute",
    "High": "Haute",
    "Normal": "Normale",
    "Low": "Basse",
    "Very low": "Très basse",
    # Error codes
    "Timed out": "Délai dépassé",
    "Network error": "Erreur réseau",
    "Provider unreachable": "Fournisseur injoignable",
    "Provider server error": "Erreur serveur (5xx)",
    "Rate limited": "Débit limité",
    "Invalid number": "Numéro invalide",
    "Configuration error": "Configuration erronée",
    "Provider refused": "Refus du fournisseur",
    "Provider app error": "Erreur applicative",
    "Invalid response": "Réponse invalide",
    "Interrupted send": "Envoi interrompu",
    "Conflicting save": "Écriture concurrente",
    "Unexpected error": "Erreur inattendue",
    "WaChap error": "Erreur WaChap",
    "Technical error": "Erreur technique",
    # Audit actions and results
    "Cancel all matching": "Annuler tout ce qui correspond",
    "Retry run": "Passe de renvoi",
    "Retry all matching": "Réessayer tout ce qui correspond",
    "Webhooks reprocessed": "Webhooks retraités",
    "Message shown": "Message affiché",
    "Redaction": "Masquage",
    "CSV export": "Export CSV",
    "CSV export, secrets shown": "Export CSV, secrets visibles",
    "JSON export": "Export JSON",
    "JSON export, secrets shown": "Export JSON, secrets visibles",
    "Demo data": "Données de démonstration",
    "Database repair": "Réparation de la base",
    "done": "fait",
    "partly done": "fait en partie",
    "stopped": "arrêté",
    "error": "erreur",
    "failed": "échec",
    "provider unreachable": "fournisseur injoignable",
    "in progress": "en cours",
    "flagged": "signalé",
    # Audit targets
    "background worker": "worker en arrière-plan",
    "the filters' attempts": "les tentatives des filtres",
    "all unprocessed logs": "tous les logs non traités",
    "no attempt": "aucune tentative",
    "attempts {ids}": "tentatives {ids}",
    "every send stuck for more than {duration}": "tout envoi bloqué depuis plus de {duration}",
    # Webhooks
    "Status report": "Rapport de statut",
    "Delivery report": "Accusé de livraison",
    "Read report": "Accusé de lecture",
    "Incoming message": "Message reçu",
    "Unknown": "Inconnu",
    "delivered": "livré",
    "read": "lu",
    "sent": "envoyé",
    "success": "succès",
    "pending": "en attente",
    # Detail window tabs
    "Context data": "Données de contexte",
    "Provider response": "Réponse du fournisseur",
    # Durations
    "{n} s": "{n} s",
    "{n} min": "{n} min",
    "{n} h": "{n} h",
    "{n} d": "{n} j",
}

PLURALS = {
    "in %n min": {"fr": ["dans %n min", "dans %n min"], "en": ["in %n min", "in %n min"]},
    "%n min ago": {"fr": ["il y a %n min", "il y a %n min"], "en": ["%n min ago", "%n min ago"]},
    "in %n h": {"fr": ["dans %n h", "dans %n h"], "en": ["in %n h", "in %n h"]},
    "%n h ago": {"fr": ["il y a %n h", "il y a %n h"], "en": ["%n h ago", "%n h ago"]},
    "in %n days": {"fr": ["dans %n jour", "dans %n jours"], "en": ["in %n day", "in %n days"]},
    "%n days ago": {"fr": ["il y a %n jour", "il y a %n jours"], "en": ["%n day ago", "%n days ago"]},
    "%n s": {"fr": ["%n s", "%n s"], "en": ["%n s", "%n s"]},
    "%n min": {"fr": ["%n min", "%n min"], "en": ["%n min", "%n min"]},
    "%n h": {"fr": ["%n h", "%n h"], "en": ["%n h", "%n h"]},
    "%n days": {"fr": ["%n jour", "%n jours"], "en": ["%n day", "%n days"]},
    "(+%Ln more)": {"fr": ["(+%Ln autre)", "(+%Ln autres)"], "en": ["(+%Ln more)", "(+%Ln more)"]},
    "finished attempts older than %n days (before {cutoff} UTC)": {
        "fr": ["tentatives terminées de plus de %n jour (avant le {cutoff} UTC)", "tentatives terminées de plus de %n jours (avant le {cutoff} UTC)"],
        "en": ["finished attempts older than %n day (before {cutoff} UTC)", "finished attempts older than %n days (before {cutoff} UTC)"],
    },
    "retry of %Ln selected attempts": {
        "fr": ["renvoi de %Ln tentative sélectionnée", "renvoi de %Ln tentatives sélectionnées"],
        "en": ["retry of %Ln selected attempt", "retry of %Ln selected attempts"],
    },
    "retry of %Ln due attempts": {
        "fr": ["renvoi de %Ln tentative due", "renvoi de %Ln tentatives dues"],
        "en": ["retry of %Ln due attempt", "retry of %Ln due attempts"],
    },
    "%Ln selected logs": {"fr": ["%Ln log sélectionné", "%Ln logs sélectionnés"], "en": ["%Ln selected log", "%Ln selected logs"]},
    "%Ln demo attempts": {"fr": ["%Ln tentative de démonstration", "%Ln tentatives de démonstration"], "en": ["%Ln demo attempt", "%Ln demo attempts"]},
}

FR["Status code: {code}"] = "Code du statut : {code}"
FR["Error code: {code}"] = "Code d'erreur : {code}"
FR["{field}:"] = "{field} :"
FR["{code}: {message}"] = "{code} : {message}"
FR["{title}: {value}"] = "{title} : {value}"
FR["{n}%"] = "{n} %"
FR["{mark} {title}: {value}  ({when} {rule}) — {state}"] = "{mark} {title} : {value}  ({when} {rule}) — {state}"
FR["Code: {code}"] = "Code : {code}"
FR["≈ {n} attempts · user table: {users}"] = "≈ {n} tentatives · table des utilisateurs : {users}"
FR["read-only profile"] = "profil en lecture seule"
