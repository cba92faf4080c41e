"""French for the retry queue's estimated split (past a long backlog the figures say "≈")."""

FR = {
    "Sending the due attempts…": "Envoi des tentatives dues…",
    "Sending… {done} done so far": "Envoi… {done} faites jusqu'ici",
}

PLURALS = {
    "About %n attempts are due (estimated from a sample of a long queue). Send every attempt that is due now?": {
        "en": (
            "About %n attempt is due (estimated from a sample of a long queue). Send every attempt that is due now?",
            "About %n attempts are due (estimated from a sample of a long queue). Send every attempt that is due now?",
        ),
        "fr": (
            "Environ %n tentative est due (estimation sur un échantillon d'une longue file). Envoyer toutes les tentatives dues maintenant\u00a0?",
            "Environ %n tentatives sont dues (estimation sur un échantillon d'une longue file). Envoyer toutes les tentatives dues maintenant\u00a0?",
        ),
    },
}
