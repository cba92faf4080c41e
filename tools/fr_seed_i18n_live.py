"""French for the texts of the live language switch's work (issue 18): the provider's and the
alert channels' configuration problems, the demo's refusals, the profiles dialog's test line.
The engine texts here are the same French as the command line's catalogue
(resources/translations/waadmin_cli_fr.po)."""

FR = {
    "provider: {problem}": "fournisseur : {problem}",
    "WAADMIN_SEND_DEADLINE={value} must be a number of seconds between {low} and {high}.": "WAADMIN_SEND_DEADLINE={value} doit être un nombre de secondes entre {low} et {high}.",
    "WAADMIN_PROVIDER={value} is not one of {kinds}.": "WAADMIN_PROVIDER={value} n'est pas l'un de {kinds}.",
    "No provider is configured: set the WaChap instances (WACHAP_<REGION>_ACCESS_TOKEN and _INSTANCE_ID), WaChap V4 (WACHAP_V4_SECRET_KEY, WACHAP_V4_ACCOUNTS) or the Meta Cloud API (WAADMIN_META_TOKEN, WAADMIN_META_PHONE_NUMBER_ID).": "Aucun fournisseur n'est configuré : renseignez les instances WaChap (WACHAP_<REGION>_ACCESS_TOKEN et _INSTANCE_ID), WaChap V4 (WACHAP_V4_SECRET_KEY, WACHAP_V4_ACCOUNTS) ou l'API Meta Cloud (WAADMIN_META_TOKEN, WAADMIN_META_PHONE_NUMBER_ID).",
    "WaChap: no instance has both an access token and an instance id.": "WaChap : aucune instance n'a à la fois un jeton d'accès et un identifiant d'instance.",
    "WaChap {region}: the instance is disabled ({variable}).": "WaChap {region} : l'instance est désactivée ({variable}).",
    "WaChap V4: WACHAP_V4_SECRET_KEY is not set.": "WaChap V4 : WACHAP_V4_SECRET_KEY n'est pas renseignée.",
    "WaChap V4: WACHAP_V4_ACCOUNTS maps no region to an account.": "WaChap V4 : WACHAP_V4_ACCOUNTS n'associe aucune région à un compte.",
    "Meta Cloud API: no access token.": "API Meta Cloud : aucun jeton d'accès.",
    "Meta Cloud API: no phone-number id.": "API Meta Cloud : aucun identifiant de numéro de téléphone.",
    "{name} is not valid JSON (expected an object such as {example}).": "{name} n'est pas du JSON valide (un objet est attendu, par exemple {example}).",
    "{name} must be a JSON object mapping a region to an id.": "{name} doit être un objet JSON associant une région à un identifiant.",
    "WaChap: no instance is configured and active.": "WaChap : aucune instance n'est configurée et active.",
    "The number of demo attempts must be between 1 and 5,000,000.": "Le nombre de tentatives de démonstration doit être compris entre 1 et 5 000 000.",
    "This database already holds {count} attempts; demo data goes in an empty database (use --force to add anyway).": "Cette base contient déjà {count} tentatives ; les données de démonstration vont dans une base vide (--force les ajoute quand même).",
    "starttls must be auto, required or off": "starttls doit valoir auto, required ou off",
    "EngineText|Slack webhook": "webhook Slack",
    "EngineText|JSON webhook": "webhook JSON",
    "E-mail: give at least one address to send to.": "E-mail : indiquez au moins une adresse destinataire.",
    "E-mail: give the SMTP server's address (smtp://user@host:587).": "E-mail : indiquez l'adresse du serveur SMTP (smtp://user@host:587).",
    "the SMTP address must start with smtp:// or smtps:// (got {url})": "l'adresse SMTP doit commencer par smtp:// ou smtps:// (reçu {url})",
    "the SMTP address has no host ({url})": "l'adresse SMTP n'a pas d'hôte ({url})",
    "the SMTP address has an invalid port ({url})": "l'adresse SMTP a un port invalide ({url})",
    "The {channel} address must start with https:// (or http://).": "L'adresse du {channel} doit commencer par https:// (ou http://).",
    "E-mail: {problem}.": "E-mail : {problem}.",
}
