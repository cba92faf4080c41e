"""French for the texts of the settings service's window side (issue 22, item 2)."""

FR = {
    'Worker settings not saved': 'Réglages du worker non enregistrés',
}
