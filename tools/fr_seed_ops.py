"""French for Alerts → Notification channels… (the alert channels dialog and its menu)."""

FR = {
    "Notification channels": "Canaux de notification",
    "Slack": "Slack",
    "Incoming webhook address:": "Adresse du webhook entrant :",
    "E-mail": "E-mail",
    "SMTP server:": "Serveur SMTP :",
    "Send to:": "Destinataires :",
    "Sender:": "Expéditeur :",
    "smtp://…:587 uses STARTTLS, smtps://…:465 TLS from the start; the user name goes before the @ (%40 for an @ in it).":
        "smtp://…:587 utilise STARTTLS, smtps://…:465 TLS dès la connexion ; le nom d'utilisateur précède le @ (%40 pour un @ dans ce nom).",
    "JSON webhook": "Webhook JSON",
    "Bearer token:": "Jeton (Bearer) :",
    "Send test": "Envoyer un test",
    "Send one test message to every channel filled in": "Envoyer un message de test à chaque canal renseigné",
    "One message when an alert turns on and one when it clears. Secrets are kept in the system keyring.":
        "Un message quand une alerte se déclenche et un quand elle cesse. Les secrets sont conservés dans le trousseau du système.",
    "•••• (unchanged)": "•••• (inchangé)",
    "No keyring here: the secrets are kept for this session only ({why}).":
        "Pas de trousseau ici : les secrets ne sont gardés que pour cette session ({why}).",
    "Fill in at least one channel to test.": "Renseignez au moins un canal à tester.",
    "Sending a test message…": "Envoi d'un message de test…",
    "{channel}: test message sent": "{channel} : message de test envoyé",
    "{channel}: {error}": "{channel} : {error}",
    "A&lerts": "A&lertes",
    "Notification channels saved.": "Canaux de notification enregistrés.",
    "Notification channels…": "Canaux de notification…",
    "Send alerts to Slack, e-mail or a JSON webhook, with a test message":
        "Envoyer les alertes vers Slack, par e-mail ou vers un webhook JSON, avec un message de test",
}
