<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name />
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>≈ {n} attempts · user table: {users}</source>
        <translation>≈ {n} tentatives · table des utilisateurs : {users}</translation>
    </message>
    <message>
        <source>read-only profile</source>
        <translation>profil en lecture seule</translation>
    </message>
    <message>
        <source>provider: {problem}</source>
        <translation>fournisseur : {problem}</translation>
    </message>
</context>
<context>
    <name>AlertChannelsDialog</name>
    <message>
        <source>Notification channels</source>
        <translation>Canaux de notification</translation>
    </message>
    <message>
        <source>Slack</source>
        <translation>Slack</translation>
    </message>
    <message>
        <source>Incoming webhook address:</source>
        <translation>Adresse du webhook entrant :</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>SMTP server:</source>
        <translation>Serveur SMTP :</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <source>Send to:</source>
        <translation>Destinataires :</translation>
    </message>
    <message>
        <source>Sender:</source>
        <translation>Expéditeur :</translation>
    </message>
    <message>
        <source>smtp://…:587 uses STARTTLS, smtps://…:465 TLS from the start; the user name goes before the @ (%40 for an @ in it).</source>
        <translation>smtp://…:587 utilise STARTTLS, smtps://…:465 TLS dès la connexion ; le nom d'utilisateur précède le @ (%40 pour un @ dans ce nom).</translation>
    </message>
    <message>
        <source>JSON webhook</source>
        <translation>Webhook JSON</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse :</translation>
    </message>
    <message>
        <source>Bearer token:</source>
        <translation>Jeton (Bearer) :</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Send test</source>
        <translation>Envoyer un test</translation>
    </message>
    <message>
        <source>Send one test message to every channel filled in</source>
        <translation>Envoyer un message de test à chaque canal renseigné</translation>
    </message>
    <message>
        <source>One message when an alert turns on and one when it clears. Secrets are kept in the system keyring.</source>
        <translation>Un message quand une alerte se déclenche et un quand elle cesse. Les secrets sont conservés dans le trousseau du système.</translation>
    </message>
    <message>
        <source>•••• (unchanged)</source>
        <translation>•••• (inchangé)</translation>
    </message>
    <message>
        <source>No keyring here: the secrets are kept for this session only ({why}).</source>
        <translation>Pas de trousseau ici : les secrets ne sont gardés que pour cette session ({why}).</translation>
    </message>
    <message>
        <source>Fill in at least one channel to test.</source>
        <translation>Renseignez au moins un canal à tester.</translation>
    </message>
    <message>
        <source>Sending a test message…</source>
        <translation>Envoi d'un message de test…</translation>
    </message>
    <message>
        <source>{channel}: test message sent</source>
        <translation>{channel} : message de test envoyé</translation>
    </message>
    <message>
        <source>{channel}: {error}</source>
        <translation>{channel} : {error}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
</context>
<context>
    <name>AlertPanel</name>
    <message>
        <source>Success rate, last hour</source>
        <translation>Taux de succès, dernière heure</translation>
    </message>
    <message>
        <source>Retries waiting</source>
        <translation>Essais en attente</translation>
    </message>
    <message>
        <source>Failed for good, last 24 h</source>
        <translation>Échecs définitifs, dernières 24 h</translation>
    </message>
    <message>
        <source>Mean delay to send, last 24 h</source>
        <translation>Délai moyen d'envoi, dernières 24 h</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <source>Show the attempts this alert measured</source>
        <translation>Voir les tentatives mesurées par cette alerte</translation>
    </message>
    <message>
        <source>{n}%</source>
        <translation>{n} %</translation>
    </message>
    <message>
        <source>ALERT</source>
        <translation>ALERTE</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>alert when</source>
        <translation>alerte si</translation>
    </message>
    <message>
        <source>{mark} {title}: {value}  ({when} {rule}) — {state}</source>
        <translation>{mark} {title} : {value}  ({when} {rule}) — {state}</translation>
    </message>
</context>
<context>
    <name>AttemptDetailWindow</name>
    <message>
        <source>Attempt #{id}</source>
        <translation>Tentative n° {id}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Source app</source>
        <translation>Application source</translation>
    </message>
    <message>
        <source>Type / category</source>
        <translation>Type / catégorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Sender role / region</source>
        <translation>Rôle expéditeur / région</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <source>Back-off</source>
        <translation>Délai entre essais</translation>
    </message>
    <message>
        <source>Provider message id</source>
        <translation>Identifiant fournisseur</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>This message carries credentials or a code; revealing it is recorded in the audit log.</source>
        <translation>Ce message contient des identifiants ou un code ; l'afficher est consigné dans le journal d'audit.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Tentative</translation>
    </message>
    <message>
        <source>Earliest time</source>
        <translation>Au plus tôt</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Traité</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Log id</source>
        <translation>N° de log</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Contenu reçu</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <source>Retry schedule</source>
        <translation>Calendrier des essais</translation>
    </message>
    <message>
        <source>Webhooks</source>
        <translation>Webhooks</translation>
    </message>
    <message>
        <source>Context data</source>
        <translation>Données de contexte</translation>
    </message>
    <message>
        <source>Provider response</source>
        <translation>Réponse du fournisseur</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Read this attempt again (F5)</source>
        <translation>Relire cette tentative (F5)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation>{field} :</translation>
    </message>
    <message>
        <source>Attempt #{id} no longer exists</source>
        <translation>La tentative n° {id} n'existe plus</translation>
    </message>
    <message>
        <source>Odd data: {details}</source>
        <translation>Données inhabituelles : {details}</translation>
    </message>
    <message>
        <source>(no user linked)</source>
        <translation>(aucun utilisateur lié)</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>exponentiel</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>fixe</translation>
    </message>
    <message>
        <source>{seconds} s base, {mode}</source>
        <translation>base {seconds} s, {mode}</translation>
    </message>
    <message>
        <source>{code}: {message}</source>
        <translation>{code} : {message}</translation>
    </message>
    <message>
        <source>No further attempt</source>
        <translation>Plus aucun essai</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>Webhooks ({n})</source>
        <translation>Webhooks ({n})</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>First attempt</source>
        <translation>Premier essai</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Dernier essai</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyée</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Livrée</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>Prochain essai</translation>
    </message>
    <message>
        <source>(credentials or code hidden — Reveal to show it)</source>
        <translation>(identifiants ou code masqués — « Afficher » pour les voir)</translation>
    </message>
</context>
<context>
    <name>AttemptsModel</name>
    <message>
        <source>{code}: {message}</source>
        <translation>{code} : {message}</translation>
    </message>
    <message>
        <source>Status code: {code}</source>
        <translation>Code du statut : {code}</translation>
    </message>
</context>
<context>
    <name>AttemptsView</name>
    <message>
        <source>Count exactly</source>
        <translation>Compter exactement</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>Retirer ce filtre</translation>
    </message>
    <message>
        <source>Also filtered by {what}</source>
        <translation>Filtré aussi par {what}</translation>
    </message>
    <message>
        <source>{loaded} loaded</source>
        <translation>{loaded} chargées</translation>
    </message>
    <message numerus="yes">
        <source>%Ln attempts</source>
        <translation>
            <numerusform>%Ln tentative</numerusform>
            <numerusform>%Ln tentatives</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{prefix} %Ln attempts (estimate)</source>
        <translation>
            <numerusform>{prefix} %Ln tentative (estimation)</numerusform>
            <numerusform>{prefix} %Ln tentatives (estimation)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln matching selected</source>
        <translation>
            <numerusform>La tentative correspondante (%Ln) est sélectionnée</numerusform>
            <numerusform>Les %Ln correspondantes sont sélectionnées</numerusform>
        </translation>
    </message>
    <message>
        <source>All matching selected</source>
        <translation>Toutes les correspondantes sélectionnées</translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected</source>
        <translation>
            <numerusform>%Ln sélectionnée</numerusform>
            <numerusform>%Ln sélectionnées</numerusform>
        </translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation>Effacer la sélection</translation>
    </message>
    <message numerus="yes">
        <source>Select all %Ln matching</source>
        <translation>
            <numerusform>Sélectionner la correspondante (%Ln)</numerusform>
            <numerusform>Sélectionner les %Ln correspondantes</numerusform>
        </translation>
    </message>
    <message>
        <source>Select all matching</source>
        <translation>Sélectionner toutes les correspondantes</translation>
    </message>
    <message numerus="yes">
        <source>Showing all %Ln rows, from the end — back to the top</source>
        <translation>
            <numerusform>La seule ligne affichée, depuis la fin — revenir au début</numerusform>
            <numerusform>Les %Ln lignes affichées, depuis la fin — revenir au début</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than %Ln new attempts — show</source>
        <translation>
            <numerusform>Plus de %Ln nouvelle tentative — afficher</numerusform>
            <numerusform>Plus de %Ln nouvelles tentatives — afficher</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy cell</source>
        <translation>Copier la cellule</translation>
    </message>
    <message>
        <source>Filter by this value ({column})</source>
        <translation>Filtrer sur cette valeur ({column})</translation>
    </message>
    <message numerus="yes">
        <source>Showing the last %Ln rows — back to the top</source>
        <translation>
            <numerusform>Dernière ligne affichée — revenir au début</numerusform>
            <numerusform>Les %Ln dernières lignes affichées — revenir au début</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new attempts — show</source>
        <translation>
            <numerusform>%Ln nouvelle tentative — afficher</numerusform>
            <numerusform>%Ln nouvelles tentatives — afficher</numerusform>
        </translation>
    </message>
    <message>
        <source>({loaded} loaded)</source>
        <translation>({loaded} chargées)</translation>
    </message>
    <message>
        <source>more than</source>
        <translation>plus de</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Code: {code}</source>
        <translation>Code : {code}</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>All actions</source>
        <translation>Toutes les actions</translation>
    </message>
    <message>
        <source>Search user, action or target…</source>
        <translation>Chercher utilisateur, action ou cible…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Show these attempts</source>
        <translation>Voir ces tentatives</translation>
    </message>
    <message>
        <source>The attempts the selected entry changed, in the list</source>
        <translation>Les tentatives modifiées par l'entrée choisie, dans la liste</translation>
    </message>
    <message>
        <source>Audit entries are kept in a local file ({path}) because {reason}.</source>
        <translation>Le journal d'audit est tenu dans un fichier local ({path}) car {reason}.</translation>
    </message>
    <message>
        <source>{n} entries shown</source>
        <translation>{n} entrées affichées</translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message>
        <source>Retry all matching</source>
        <translation>Réessayer tout ce qui correspond</translation>
    </message>
    <message numerus="yes">
        <source>None of the %Ln matching attempts can be sent: they are sent, sending, cancelled or out of attempts.</source>
        <translation>
            <numerusform>La tentative correspondante (%Ln) ne peut pas être envoyée : elle est envoyée, en cours d'envoi, annulée ou sans essai restant.</numerusform>
            <numerusform>Aucune des %Ln tentatives correspondantes ne peut être envoyée : elles sont envoyées, en cours d'envoi, annulées ou sans essai restant.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln attempts match the filter.</source>
        <translation>
            <numerusform>%Ln tentative correspond au filtre.</numerusform>
            <numerusform>%Ln tentatives correspondent au filtre.</numerusform>
        </translation>
    </message>
    <message>
        <source>None can be sent now: give the permanently failed ones more tries below.</source>
        <translation>Aucune ne peut être envoyée maintenant : donnez plus d'essais aux échecs définitifs ci-dessous.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them can be sent now, before their retry time. Nothing is changed until you confirm. Send them?</source>
        <translation>
            <numerusform>%Ln peut être envoyée maintenant, avant son heure d'essai. Rien n'est modifié avant votre confirmation. L'envoyer ?</numerusform>
            <numerusform>%Ln peuvent être envoyées maintenant, avant leur heure d'essai. Rien n'est modifié avant votre confirmation. Les envoyer ?</numerusform>
        </translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Envoyer maintenant</translation>
    </message>
    <message>
        <source>Change nothing</source>
        <translation>Ne rien changer</translation>
    </message>
    <message>
        <source>Sending the matching attempts…</source>
        <translation>Envoi des tentatives correspondantes…</translation>
    </message>
    <message>
        <source>{done} of {total} gone through</source>
        <translation>{done} sur {total} traitées</translation>
    </message>
    <message>
        <source>Sent: {n}</source>
        <translation>Envoyées : {n}</translation>
    </message>
    <message>
        <source>Failed: {n} (permanently: {final})</source>
        <translation>Échecs : {n} (définitifs : {final})</translation>
    </message>
    <message>
        <source>Skipped (changed meanwhile, already sent or out of attempts): {n}</source>
        <translation>Ignorées (modifiées entre-temps, déjà envoyées ou sans essai restant) : {n}</translation>
    </message>
    <message>
        <source>Permanently failed attempts given new tries: {n}</source>
        <translation>Échecs définitifs remis en essai : {n}</translation>
    </message>
    <message>
        <source>Postponed by the provider's rate limit: {n}</source>
        <translation>Reportées par la limite de débit du fournisseur : {n}</translation>
    </message>
    <message>
        <source>Stopped on request; sends in progress were finished and recorded.</source>
        <translation>Arrêté à la demande ; les envois en cours ont été terminés et enregistrés.</translation>
    </message>
    <message numerus="yes">
        <source>Not sent, left exactly as they were: %Ln</source>
        <translation>
            <numerusform>Non envoyée, laissée exactement telle quelle : %Ln</numerusform>
            <numerusform>Non envoyées, laissées exactement telles quelles : %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Extra tries given and not used, taken back: %Ln</source>
        <translation>
            <numerusform>Essais supplémentaires donnés et non utilisés, repris : %Ln</numerusform>
            <numerusform>Essais supplémentaires donnés et non utilisés, repris : %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Extra tries not used, taken back: %Ln</source>
        <translation>
            <numerusform>Essais supplémentaires non utilisés, repris : %Ln</numerusform>
            <numerusform>Essais supplémentaires non utilisés, repris : %Ln</numerusform>
        </translation>
    </message>
    <message>
        <source>Interrupted: {reason}</source>
        <translation>Interrompu : {reason}</translation>
    </message>
    <message>
        <source>Cancel all matching</source>
        <translation>Annuler tout ce qui correspond</translation>
    </message>
    <message>
        <source>No matching attempt is still waiting: nothing to cancel.</source>
        <translation>Aucune tentative correspondante n'est en attente : rien à annuler.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln matching attempts are still waiting. Cancel them all? They will not be sent.</source>
        <translation>
            <numerusform>%Ln tentative correspondante est encore en attente. L'annuler ? Elle ne sera pas envoyée.</numerusform>
            <numerusform>%Ln tentatives correspondantes sont encore en attente. Les annuler toutes ? Elles ne seront pas envoyées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel them</source>
        <translation>Les annuler</translation>
    </message>
    <message>
        <source>Cancelling the matching attempts…</source>
        <translation>Annulation des tentatives correspondantes…</translation>
    </message>
    <message>
        <source>Cancelled: {n}</source>
        <translation>Annulées : {n}</translation>
    </message>
    <message>
        <source>Skipped (changed meanwhile): {n}</source>
        <translation>Ignorées (modifiées entre-temps) : {n}</translation>
    </message>
    <message>
        <source>Stopped on request.</source>
        <translation>Arrêté à la demande.</translation>
    </message>
</context>
<context>
    <name>BulkConfirmDialog</name>
    <message>
        <source>Matching now: {states}</source>
        <translation>Correspondent maintenant : {states}</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message numerus="yes">
        <source>Give the %Ln permanently failed attempts this many more tries:</source>
        <translation>
            <numerusform>Donner à la tentative en échec définitif (%Ln) ce nombre d'essais en plus :</numerusform>
            <numerusform>Donner aux %Ln tentatives en échec définitif ce nombre d'essais en plus :</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CancelAndReset</name>
    <message>
        <source>Cancel selected</source>
        <translation>Annuler la sélection</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n selected attempts? Those still waiting will not be sent.</source>
        <translation>
            <numerusform>Annuler la tentative sélectionnée ? Si elle est encore en attente, elle ne sera pas envoyée.</numerusform>
            <numerusform>Annuler les %n tentatives sélectionnées ? Celles encore en attente ne seront pas envoyées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: {done}. Not cancelled (already sending or finished): {skipped}.</source>
        <translation>Annulées : {done}. Non annulées (déjà en envoi ou terminées) : {skipped}.</translation>
    </message>
    <message>
        <source>Reset stuck</source>
        <translation>Débloquer</translation>
    </message>
    <message>
        <source>No send has been stuck for more than {n} minutes.</source>
        <translation>Aucun envoi n'est bloqué depuis plus de {n} minutes.</translation>
    </message>
    <message numerus="yes">
        <source>%n attempts have been in 'sending' for more than {m} minutes. Give them back to the retry schedule?</source>
        <translation>
            <numerusform>%n tentative est « en cours d'envoi » depuis plus de {m} minutes. La remettre dans le calendrier des essais ?</numerusform>
            <numerusform>%n tentatives sont « en cours d'envoi » depuis plus de {m} minutes. Les remettre dans le calendrier des essais ?</numerusform>
        </translation>
    </message>
    <message>
        <source>Give attempt #{id} back to the retry schedule? If a send is still running elsewhere, the message may go out twice.</source>
        <translation>Remettre la tentative n° {id} dans le calendrier des essais ? Si un envoi est encore en cours ailleurs, le message pourrait partir deux fois.</translation>
    </message>
    <message numerus="yes">
        <source>%n attempts are back in the retry schedule. They may have reached the provider before their sender stopped: {ids}</source>
        <translation>
            <numerusform>%n tentative est de retour dans le calendrier des essais. Elle a peut-être atteint le fournisseur avant l'arrêt de son expéditeur : {ids}</numerusform>
            <numerusform>%n tentatives sont de retour dans le calendrier des essais. Elles ont peut-être atteint le fournisseur avant l'arrêt de leur expéditeur : {ids}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Chart</name>
    <message>
        <source>Reset view</source>
        <translation>Réinitialiser la vue</translation>
    </message>
    <message>
        <source>Zoom and pan: click into the chart or hold Ctrl, then use the wheel and drag</source>
        <translation>Zoomer et déplacer : cliquer dans le graphique ou maintenir Ctrl, puis utiliser la molette et faire glisser</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>Enregistrer en PNG…</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · Esc: done</source>
        <translation>Molette : zoom · glisser : déplacer · Échap : terminé</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Enregistrer le graphique</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Images PNG (*.png)</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>Succeeded</source>
        <translation>Réussies</translation>
    </message>
    <message>
        <source>Failed, retry planned</source>
        <translation>Échouées, nouvel essai prévu</translation>
    </message>
    <message>
        <source>Failed for good</source>
        <translation>Échecs définitifs</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulées</translation>
    </message>
    <message>
        <source>Waiting or sending</source>
        <translation>En attente ou en envoi</translation>
    </message>
    <message>
        <source>Attempts: {n}</source>
        <translation>Tentatives : {n}</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Taux de succès</translation>
    </message>
    <message>
        <source>Alert threshold</source>
        <translation>Seuil d'alerte</translation>
    </message>
    <message>
        <source>Success rate: {rate} of {n} attempts</source>
        <translation>Taux de succès : {rate} sur {n} tentatives</translation>
    </message>
    <message>
        <source>Median (p50)</source>
        <translation>Médiane (p50)</translation>
    </message>
    <message>
        <source>95th percentile (p95)</source>
        <translation>95e centile (p95)</translation>
    </message>
    <message>
        <source>No attempt sent</source>
        <translation>Aucune tentative envoyée</translation>
    </message>
    <message>
        <source>Median {p50}, 95th percentile {p95}</source>
        <translation>Médiane {p50}, 95e centile {p95}</translation>
    </message>
    <message>
        <source>Click to see these attempts</source>
        <translation>Cliquer pour voir ces tentatives</translation>
    </message>
</context>
<context>
    <name>CleanupDialog</name>
    <message>
        <source>Clean up old attempts</source>
        <translation>Nettoyer les anciennes tentatives</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Deletes attempts that are finished (sent, delivered, read, failed permanently or cancelled) and older than this. Waiting, sending and retrying attempts are never deleted; webhook logs are kept.</source>
        <translation>Supprime les tentatives terminées (envoyées, livrées, lues, en échec définitif ou annulées) plus anciennes que ceci. Les tentatives en attente, en cours d'envoi ou à réessayer ne sont jamais supprimées ; les logs de webhooks sont conservés.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Older than:</source>
        <translation>Plus anciennes que :</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Comptage…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln finished attempts older than {days} days will be deleted.</source>
        <translation>
            <numerusform>%Ln tentative terminée de plus de {days} jours sera supprimée.</numerusform>
            <numerusform>%Ln tentatives terminées de plus de {days} jours seront supprimées.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln attempts</source>
        <translation>
            <numerusform>Supprimer %Ln tentative</numerusform>
            <numerusform>Supprimer %Ln tentatives</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to delete: no finished attempt is older than {days} days.</source>
        <translation>Rien à supprimer : aucune tentative terminée n'a plus de {days} jours.</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Hide this message</source>
        <translation>Masquer ce message</translation>
    </message>
</context>
<context>
    <name>ConnectionController</name>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>lecture seule</translation>
    </message>
    <message>
        <source>Could not open the database: {reason}</source>
        <translation>Impossible d'ouvrir la base : {reason}</translation>
    </message>
    <message>
        <source>No database file</source>
        <translation>Aucun fichier de base de données</translation>
    </message>
    <message>
        <source>There is no database file at {path}. Create an empty waadmin database there?</source>
        <translation>Il n'y a pas de fichier de base de données à {path}. Y créer une base waadmin vide ?</translation>
    </message>
    <message>
        <source>No database file at {path}. Use File → Connection… to choose one.</source>
        <translation>Aucun fichier de base de données à {path}. Choisissez-en un avec Fichier → Connexion…</translation>
    </message>
    <message>
        <source>The database cannot be reached: {reason}. waadmin keeps trying and will reconnect by itself.</source>
        <translation>La base est injoignable : {reason}. waadmin réessaie et se reconnectera tout seul.</translation>
    </message>
    <message>
        <source>The database is back.</source>
        <translation>La base est de nouveau joignable.</translation>
    </message>
    <message>
        <source>Provider settings saved.</source>
        <translation>Réglages du fournisseur enregistrés.</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>≈ {n} attempts · user table: {users}</source>
        <translation>≈ {n} tentatives · table des utilisateurs : {users}</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/database  or  /path/to/db.sqlite3</source>
        <translation>postgresql://utilisateur@hôte:5432/base  ou  /chemin/vers/base.sqlite3</translation>
    </message>
    <message>
        <source>SQLite file…</source>
        <translation>Fichier SQLite…</translation>
    </message>
    <message>
        <source>Embedded database</source>
        <translation>Base intégrée</translation>
    </message>
    <message>
        <source>Read-only (no change to the data is possible)</source>
        <translation>Lecture seule (aucune modification des données n'est possible)</translation>
    </message>
    <message>
        <source>An empty address means waadmin's embedded database.</source>
        <translation>Une adresse vide désigne la base intégrée de waadmin.</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Tester</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Database address:</source>
        <translation>Adresse de la base :</translation>
    </message>
    <message>
        <source>SQLite database</source>
        <translation>Base SQLite</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>Bases SQLite (*.sqlite3 *.sqlite *.db);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>{n} more errors since; all are in the log.</source>
        <translation>{n} autres erreurs depuis ; toutes sont dans le journal.</translation>
    </message>
    <message>
        <source>(no log file could be written)</source>
        <translation>(aucun fichier journal n'a pu être écrit)</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <source>waadmin met an unexpected error: {message}</source>
        <translation>waadmin a rencontré une erreur inattendue : {message}</translation>
    </message>
    <message>
        <source>It is recorded in the log, {path}. What was saved is safe; if something looks wrong, restart waadmin.</source>
        <translation>Elle est consignée dans le journal, {path}. Ce qui a été enregistré est intact ; si quelque chose semble anormal, redémarrez waadmin.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copier les détails</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Last hour</source>
        <translation>Dernière heure</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Dernières 24 heures</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>90 derniers jours</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Alert thresholds…</source>
        <translation>Seuils d'alerte…</translation>
    </message>
    <message>
        <source>Save all charts…</source>
        <translation>Enregistrer tous les graphiques…</translation>
    </message>
    <message>
        <source>Wall screen (F11)</source>
        <translation>Écran mural (F11)</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Période :</translation>
    </message>
    <message>
        <source>Source app:</source>
        <translation>Application source :</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Type :</translation>
    </message>
    <message>
        <source>Attempts by outcome</source>
        <translation>Tentatives par résultat</translation>
    </message>
    <message>
        <source>Success rate (%)</source>
        <translation>Taux de succès (%)</translation>
    </message>
    <message>
        <source>Delay from creation to send: median and 95th percentile</source>
        <translation>Délai de la création à l'envoi : médiane et 95e centile</translation>
    </message>
    <message>
        <source>Top error codes (click to see the attempts)</source>
        <translation>Codes d'erreur principaux (cliquer pour voir les tentatives)</translation>
    </message>
    <message>
        <source>By message type</source>
        <translation>Par type de message</translation>
    </message>
    <message>
        <source>By source app</source>
        <translation>Par application source</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>Par catégorie</translation>
    </message>
    <message>
        <source>By region</source>
        <translation>Par région</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calcul…</translation>
    </message>
    <message>
        <source>Save all charts</source>
        <translation>Enregistrer tous les graphiques</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>Image PNG (*.png);;Document PDF (*.pdf)</translation>
    </message>
    <message>
        <source>waadmin dashboard</source>
        <translation>Tableau de bord waadmin</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Enregistré : {path}</translation>
    </message>
    <message>
        <source>Could not write {path}</source>
        <translation>Impossible d'écrire {path}</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>{start} → {end} ({zone})</source>
        <translation>{start} → {end} ({zone})</translation>
    </message>
    <message>
        <source>Live, every {n} s</source>
        <translation>En direct, toutes les {n} s</translation>
    </message>
    <message>
        <source>updated {time}</source>
        <translation>mis à jour à {time}</translation>
    </message>
    <message>
        <source>succeeded {success}, failed for good {failed}</source>
        <translation>réussies {success}, échecs définitifs {failed}</translation>
    </message>
</context>
<context>
    <name>DisplayMenus</name>
    <message>
        <source>Time zone</source>
        <translation>Fuseau horaire</translation>
    </message>
    <message>
        <source>Always show the UTC offset</source>
        <translation>Toujours afficher le décalage UTC</translation>
    </message>
    <message>
        <source>Show every time with its offset from UTC, not only the ones the clocks going back make ambiguous</source>
        <translation>Afficher chaque heure avec son décalage par rapport à UTC, pas seulement celles que le changement d'heure rend ambiguës</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
</context>
<context>
    <name>Durations</name>
    <message>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>d</source>
        <translation>j</translation>
    </message>
</context>
<context>
    <name>EngineText</name>
    <message>
        <source>{file} is a folder, not a database file.</source>
        <translation>{file} est un dossier, pas un fichier de base de données.</translation>
    </message>
    <message>
        <source>There is no database file at {file} (run 'waadmin init-db --database {file}' to create one).</source>
        <translation>Il n'y a pas de fichier de base de données à {file} ('waadmin init-db --database {file}' en crée un).</translation>
    </message>
    <message>
        <source>Unknown layout {layout}: use v1 or v2.</source>
        <translation>Layout inconnu {layout} : utilisez v1 ou v2.</translation>
    </message>
    <message>
        <source>{where} has no WhatsApp monitoring tables (neither whatsapp_monitoring_attempts nor agent_chine_whatsapp_monitoring). Run 'waadmin init-db' to create them on a new database.</source>
        <translation>{where} n'a pas de tables de suivi WhatsApp (ni whatsapp_monitoring_attempts ni agent_chine_whatsapp_monitoring). Lancez 'waadmin init-db' pour les créer sur une nouvelle base.</translation>
    </message>
    <message>
        <source>{where} has the {layout} tables but lacks {columns}</source>
        <translation>{where} a les tables {layout} mais il y manque {columns}</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>la base de données</translation>
    </message>
    <message>
        <source>change data</source>
        <translation>modifier les données</translation>
    </message>
    <message>
        <source>Unexpected error with {where}: {detail}</source>
        <translation>Erreur inattendue avec {where} : {detail}</translation>
    </message>
    <message>
        <source>This connection is read-only: waadmin will not {action}.</source>
        <translation>Cette connexion est en lecture seule : waadmin refuse de {action}.</translation>
    </message>
    <message>
        <source>The database URL is not valid: {detail}</source>
        <translation>L'URL de la base de données n'est pas valide : {detail}</translation>
    </message>
    <message>
        <source>{where} is not an SQLite database file.</source>
        <translation>{where} n'est pas un fichier de base SQLite.</translation>
    </message>
    <message>
        <source>{where} is locked by another program; waadmin will try again.</source>
        <translation>{where} est verrouillée par un autre programme ; waadmin réessaiera.</translation>
    </message>
    <message>
        <source>{where} is full: free some disk space; waadmin keeps what it could not write and writes it later.</source>
        <translation>{where} est pleine : libérez de l'espace disque ; waadmin garde ce qu'il n'a pas pu écrire et l'écrira plus tard.</translation>
    </message>
    <message>
        <source>{where} cannot store this value: {detail}</source>
        <translation>{where} ne peut pas enregistrer cette valeur : {detail}</translation>
    </message>
    <message>
        <source>{where} is read-only: check the file's permissions or open it read-only.</source>
        <translation>{where} est en lecture seule : vérifiez les droits du fichier ou ouvrez-le en lecture seule.</translation>
    </message>
    <message>
        <source>Cannot open {where}: the file or its folder is missing or not accessible.</source>
        <translation>Impossible d'ouvrir {where} : le fichier ou son dossier manque ou n'est pas accessible.</translation>
    </message>
    <message>
        <source>{where} refused the user name or password.</source>
        <translation>{where} a refusé le nom d'utilisateur ou le mot de passe.</translation>
    </message>
    <message>
        <source>{where}: permission denied ({detail}).</source>
        <translation>{where} : permission refusée ({detail}).</translation>
    </message>
    <message>
        <source>{where} has no WhatsApp monitoring tables (run 'waadmin init-db' on a new database).</source>
        <translation>{where} n'a pas de tables de suivi WhatsApp (lancez 'waadmin init-db' sur une nouvelle base).</translation>
    </message>
    <message>
        <source>{where} lacks a column waadmin needs: {detail}</source>
        <translation>il manque à {where} une colonne dont waadmin a besoin : {detail}</translation>
    </message>
    <message>
        <source>Cannot reach {where}: {detail}</source>
        <translation>Impossible de joindre {where} : {detail}</translation>
    </message>
    <message>
        <source>Database error on {where}: {detail}</source>
        <translation>Erreur de base de données sur {where} : {detail}</translation>
    </message>
    <message>
        <source>the list sorted by creation date and its next pages; the dashboard's date windows</source>
        <translation>la liste triée par date de création et ses pages suivantes ; les périodes du tableau de bord</translation>
    </message>
    <message>
        <source>declared by the Django migration</source>
        <translation>déclaré par la migration Django</translation>
    </message>
    <message>
        <source>the list filtered by status, newest first, and its next pages</source>
        <translation>la liste filtrée par statut, les plus récentes d'abord, et ses pages suivantes</translation>
    </message>
    <message>
        <source>stats summary triggers</source>
        <translation>triggers du résumé des statistiques</translation>
    </message>
    <message>
        <source>text-search index triggers</source>
        <translation>triggers de l'index de recherche</translation>
    </message>
    <message>
        <source>The database URL is empty.</source>
        <translation>L'URL de la base de données est vide.</translation>
    </message>
    <message>
        <source>The database URL is not valid: {url} (expected e.g. postgresql://user@host/db)</source>
        <translation>L'URL de la base de données n'est pas valide : {url} (attendu par exemple postgresql://user@host/db)</translation>
    </message>
    <message>
        <source>The database URL is not valid: {url} ({error})</source>
        <translation>L'URL de la base de données n'est pas valide : {url} ({error})</translation>
    </message>
    <message>
        <source>Unsupported database '{backend}': waadmin works with SQLite and PostgreSQL.</source>
        <translation>Base de données non prise en charge '{backend}' : waadmin fonctionne avec SQLite et PostgreSQL.</translation>
    </message>
    <message>
        <source>The port in {url} is not a number.</source>
        <translation>Le port de {url} n'est pas un nombre.</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} jours</translation>
    </message>
    <message>
        <source>Empty provider message id</source>
        <translation>Identifiant de message fournisseur vide</translation>
    </message>
    <message>
        <source>No attempt has the provider id {provider_id}</source>
        <translation>Aucune tentative n'a l'identifiant fournisseur {provider_id}</translation>
    </message>
    <message>
        <source>{count} attempts share this provider id ({ids})</source>
        <translation>{count} tentatives ont cet identifiant fournisseur ({ids})</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>connexion refusée</translation>
    </message>
    <message>
        <source>no DNS answer</source>
        <translation>pas de réponse DNS</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>échec de la négociation TLS</translation>
    </message>
    <message>
        <source>connection timed out</source>
        <translation>délai de connexion dépassé</translation>
    </message>
    <message>
        <source>no free connection in time</source>
        <translation>aucune connexion libre à temps</translation>
    </message>
    <message>
        <source>{label}: provider unreachable ({why}); not sent</source>
        <translation>{label} : fournisseur injoignable ({why}) ; non envoyé</translation>
    </message>
    <message>
        <source>{label}: no answer in time ({name}); the message may have been sent</source>
        <translation>{label} : pas de réponse à temps ({name}) ; le message a peut-être été envoyé</translation>
    </message>
    <message>
        <source>{label}: connection lost during the request ({name}); the message may have been sent</source>
        <translation>{label} : connexion perdue pendant la requête ({name}) ; le message a peut-être été envoyé</translation>
    </message>
    <message>
        <source>{label}: network error ({name}: {detail})</source>
        <translation>{label} : erreur réseau ({name}: {detail})</translation>
    </message>
    <message>
        <source>WAADMIN_SEND_DEADLINE={value} must be a number of seconds between {low} and {high}.</source>
        <translation>WAADMIN_SEND_DEADLINE={value} doit être un nombre de secondes entre {low} et {high}.</translation>
    </message>
    <message>
        <source>WAADMIN_PROVIDER={value} is not one of {kinds}.</source>
        <translation>WAADMIN_PROVIDER={value} n'est pas l'un de {kinds}.</translation>
    </message>
    <message>
        <source>No provider is configured: set the WaChap instances (WACHAP_&lt;REGION&gt;_ACCESS_TOKEN and _INSTANCE_ID), WaChap V4 (WACHAP_V4_SECRET_KEY, WACHAP_V4_ACCOUNTS) or the Meta Cloud API (WAADMIN_META_TOKEN, WAADMIN_META_PHONE_NUMBER_ID).</source>
        <translation>Aucun fournisseur n'est configuré : renseignez les instances WaChap (WACHAP_&lt;REGION&gt;_ACCESS_TOKEN et _INSTANCE_ID), WaChap V4 (WACHAP_V4_SECRET_KEY, WACHAP_V4_ACCOUNTS) ou l'API Meta Cloud (WAADMIN_META_TOKEN, WAADMIN_META_PHONE_NUMBER_ID).</translation>
    </message>
    <message>
        <source>WaChap: no instance has both an access token and an instance id.</source>
        <translation>WaChap : aucune instance n'a à la fois un jeton d'accès et un identifiant d'instance.</translation>
    </message>
    <message>
        <source>WaChap {region}: the instance is disabled ({variable}).</source>
        <translation>WaChap {region} : l'instance est désactivée ({variable}).</translation>
    </message>
    <message>
        <source>WaChap V4: WACHAP_V4_SECRET_KEY is not set.</source>
        <translation>WaChap V4 : WACHAP_V4_SECRET_KEY n'est pas renseignée.</translation>
    </message>
    <message>
        <source>WaChap V4: WACHAP_V4_ACCOUNTS maps no region to an account.</source>
        <translation>WaChap V4 : WACHAP_V4_ACCOUNTS n'associe aucune région à un compte.</translation>
    </message>
    <message>
        <source>Meta Cloud API: no access token.</source>
        <translation>API Meta Cloud : aucun jeton d'accès.</translation>
    </message>
    <message>
        <source>Meta Cloud API: no phone-number id.</source>
        <translation>API Meta Cloud : aucun identifiant de numéro de téléphone.</translation>
    </message>
    <message>
        <source>{name} is not valid JSON (expected an object such as {example}).</source>
        <translation>{name} n'est pas du JSON valide (un objet est attendu, par exemple {example}).</translation>
    </message>
    <message>
        <source>{name} must be a JSON object mapping a region to an id.</source>
        <translation>{name} doit être un objet JSON associant une région à un identifiant.</translation>
    </message>
    <message>
        <source>WaChap: no instance is configured and active.</source>
        <translation>WaChap : aucune instance n'est configurée et active.</translation>
    </message>
    <message>
        <source>The number of demo attempts must be between 1 and 5,000,000.</source>
        <translation>Le nombre de tentatives de démonstration doit être compris entre 1 et 5 000 000.</translation>
    </message>
    <message>
        <source>This database already holds {count} attempts; demo data goes in an empty database (use --force to add anyway).</source>
        <translation>Cette base contient déjà {count} tentatives ; les données de démonstration vont dans une base vide (--force les ajoute quand même).</translation>
    </message>
    <message>
        <source>starttls must be auto, required or off</source>
        <translation>starttls doit valoir auto, required ou off</translation>
    </message>
    <message>
        <source>Slack webhook</source>
        <translation>webhook Slack</translation>
    </message>
    <message>
        <source>JSON webhook</source>
        <translation>webhook JSON</translation>
    </message>
    <message>
        <source>E-mail: give at least one address to send to.</source>
        <translation>E-mail : indiquez au moins une adresse destinataire.</translation>
    </message>
    <message>
        <source>E-mail: give the SMTP server's address (smtp://user@host:587).</source>
        <translation>E-mail : indiquez l'adresse du serveur SMTP (smtp://user@host:587).</translation>
    </message>
    <message>
        <source>the SMTP address must start with smtp:// or smtps:// (got {url})</source>
        <translation>l'adresse SMTP doit commencer par smtp:// ou smtps:// (reçu {url})</translation>
    </message>
    <message>
        <source>the SMTP address has no host ({url})</source>
        <translation>l'adresse SMTP n'a pas d'hôte ({url})</translation>
    </message>
    <message>
        <source>the SMTP address has an invalid port ({url})</source>
        <translation>l'adresse SMTP a un port invalide ({url})</translation>
    </message>
    <message>
        <source>The {channel} address must start with https:// (or http://).</source>
        <translation>L'adresse du {channel} doit commencer par https:// (ou http://).</translation>
    </message>
    <message>
        <source>E-mail: {problem}.</source>
        <translation>E-mail : {problem}.</translation>
    </message>
</context>
<context>
    <name>FailuresModel</name>
    <message>
        <source>Count</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>Code d'erreur</translation>
    </message>
    <message>
        <source>Message (numbers and ids stripped)</source>
        <translation>Message (nombres et identifiants retirés)</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Première fois</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Dernière fois</translation>
    </message>
    <message>
        <source>Message types</source>
        <translation>Types de message</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Régions</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>Error code: {code}</source>
        <translation>Code d'erreur : {code}</translation>
    </message>
</context>
<context>
    <name>FailuresView</name>
    <message>
        <source>Retrying and final</source>
        <translation>À réessayer et définitifs</translation>
    </message>
    <message>
        <source>Failed permanently</source>
        <translation>Échecs définitifs</translation>
    </message>
    <message>
        <source>Retry scheduled</source>
        <translation>Essai programmé</translation>
    </message>
    <message>
        <source>Show these attempts</source>
        <translation>Voir ces tentatives</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Failures:</source>
        <translation>Échecs :</translation>
    </message>
    <message>
        <source>Grouping…</source>
        <translation>Regroupement…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed attempts in {groups} groups</source>
        <translation>
            <numerusform>%Ln tentative en échec dans {groups} groupes</numerusform>
            <numerusform>%Ln tentatives en échec dans {groups} groupes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Toute période</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Dernière heure</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>Dernières 24 h</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Période choisie</translation>
    </message>
    <message>
        <source>Created from (UTC)</source>
        <translation>Créées depuis (UTC)</translation>
    </message>
    <message>
        <source>Created before (UTC)</source>
        <translation>Créées avant (UTC)</translation>
    </message>
    <message>
        <source>Search phone, title, category, error, provider id…</source>
        <translation>Chercher téléphone, titre, catégorie, erreur, identifiant fournisseur…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Effacer les filtres</translation>
    </message>
    <message>
        <source>This database (layout V1) has no source app</source>
        <translation>Cette base (structure V1) n'a pas d'application source</translation>
    </message>
    <message>
        <source>error code</source>
        <translation>code d'erreur</translation>
    </message>
    <message>
        <source>category</source>
        <translation>catégorie</translation>
    </message>
    <message>
        <source>error message like</source>
        <translation>message d'erreur du type</translation>
    </message>
    <message>
        <source>due</source>
        <translation>dues</translation>
    </message>
    <message>
        <source>stuck in sending</source>
        <translation>bloquées en envoi</translation>
    </message>
    <message>
        <source>sent, with their delay</source>
        <translation>envoyées, avec leur délai</translation>
    </message>
    <message>
        <source>dashboard figure</source>
        <translation>chiffre du tableau de bord</translation>
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <source>Provider and worker</source>
        <translation>Fournisseur et worker</translation>
    </message>
    <message>
        <source>{name}: up</source>
        <translation>{name} : disponible</translation>
    </message>
    <message>
        <source>{name}: down</source>
        <translation>{name} : injoignable</translation>
    </message>
    <message>
        <source>since {time}</source>
        <translation>depuis {time}</translation>
    </message>
    <message>
        <source>probing now</source>
        <translation>sondage en cours</translation>
    </message>
    <message>
        <source>last probe {time}</source>
        <translation>dernier sondage {time}</translation>
    </message>
    <message>
        <source>no probe yet</source>
        <translation>pas encore de sondage</translation>
    </message>
    <message>
        <source>next probe in {time}</source>
        <translation>prochain sondage dans {time}</translation>
    </message>
    <message>
        <source>Provider: no send yet in this session</source>
        <translation>Fournisseur : aucun envoi dans cette session</translation>
    </message>
    <message>
        <source>Worker: stopped</source>
        <translation>Worker : arrêté</translation>
    </message>
    <message>
        <source>Worker: {state}</source>
        <translation>Worker : {state}</translation>
    </message>
    <message>
        <source>last run {time}</source>
        <translation>dernier passage {time}</translation>
    </message>
</context>
<context>
    <name>KeyFigures</name>
    <message>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Taux de succès</translation>
    </message>
    <message>
        <source>Failed for good</source>
        <translation>Échecs définitifs</translation>
    </message>
    <message>
        <source>Retries waiting</source>
        <translation>Essais en attente</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>Dus maintenant</translation>
    </message>
    <message>
        <source>Stuck in sending</source>
        <translation>Bloqués en envoi</translation>
    </message>
    <message>
        <source>Mean delay to send</source>
        <translation>Délai moyen d'envoi</translation>
    </message>
    <message>
        <source>95% sent within</source>
        <translation>95 % envoyés en moins de</translation>
    </message>
    <message>
        <source>Show these attempts in the list</source>
        <translation>Voir ces tentatives dans la liste</translation>
    </message>
</context>
<context>
    <name>ListHeader</name>
    <message>
        <source>Reset columns</source>
        <translation>Réinitialiser les colonnes</translation>
    </message>
</context>
<context>
    <name>LongOperation</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stopping after the work in progress…</source>
        <translation>Arrêt après le travail en cours…</translation>
    </message>
</context>
<context>
    <name>LostObjectsBanner</name>
    <message>
        <source>Reinstall…</source>
        <translation>Réinstaller…</translation>
    </message>
    <message>
        <source>Put waadmin's triggers and indexes back on the attempts table (asks first)</source>
        <translation>Remettre les déclencheurs et les index de waadmin sur la table des tentatives (demande d'abord)</translation>
    </message>
    <message>
        <source>waadmin's objects on {table} are gone: {what}. A Django migration that rebuilt the table drops them. Until they are reinstalled, the dashboard and search read the attempts directly: correct, but slower.</source>
        <translation>Des objets de waadmin ont disparu de {table} : {what}. Une migration Django qui reconstruit la table les supprime. Tant qu'ils ne sont pas réinstallés, le tableau de bord et la recherche lisent directement les tentatives : c'est exact, mais plus lent.</translation>
    </message>
    <message>
        <source>This connection is read-only: reconnect without read-only to reinstall them, or run 'waadmin doctor --apply'.</source>
        <translation>Cette connexion est en lecture seule : reconnectez-vous sans lecture seule pour les réinstaller, ou lancez « waadmin doctor --apply ».</translation>
    </message>
    <message>
        <source>the stats summary's triggers</source>
        <translation>les déclencheurs du résumé des statistiques</translation>
    </message>
    <message>
        <source>the text-search index's triggers</source>
        <translation>les déclencheurs de l'index de recherche</translation>
    </message>
    <message>
        <source>the index {name}</source>
        <translation>l'index {name}</translation>
    </message>
    <message>
        <source>Reinstall</source>
        <translation>Réinstaller</translation>
    </message>
    <message>
        <source>This connection is read-only: reconnect without read-only to reinstall them.</source>
        <translation>Cette connexion est en lecture seule : reconnectez-vous sans lecture seule pour les réinstaller.</translation>
    </message>
    <message>
        <source>Reinstall {what} on {database}? The stats summary is counted again from the attempts; writes to the table wait meanwhile (seconds at a million attempts).</source>
        <translation>Réinstaller {what} sur {database} ? Le résumé des statistiques est recompté à partir des tentatives ; les écritures dans la table attendent pendant ce temps (quelques secondes pour un million de tentatives).</translation>
    </message>
    <message>
        <source>Reinstalling waadmin's triggers and indexes…</source>
        <translation>Réinstallation des déclencheurs et des index de waadmin…</translation>
    </message>
    <message>
        <source>The objects could not be reinstalled: {reason}</source>
        <translation>Les objets n'ont pas pu être réinstallés : {reason}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>Webhooks</source>
        <translation>Webhooks</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Échecs</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barre d'outils principale</translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows copied</source>
        <translation>
            <numerusform>%Ln ligne copiée</numerusform>
            <numerusform>%Ln lignes copiées</numerusform>
        </translation>
    </message>
    <message>
        <source>Auto-refresh:</source>
        <translation>Actualisation auto :</translation>
    </message>
    <message>
        <source>off</source>
        <translation>désactivée</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>&amp;Actions</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Affic&amp;hage</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>Vues enregistrées</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Ouvrir le dossier des journaux</translation>
    </message>
    <message>
        <source>About waadmin</source>
        <translation>À propos de waadmin</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Traitement…</translation>
    </message>
    <message>
        <source>Phone copied</source>
        <translation>Numéro copié</translation>
    </message>
    <message>
        <source>A&amp;lerts</source>
        <translation>A&amp;lertes</translation>
    </message>
    <message>
        <source>Alert thresholds…</source>
        <translation>Seuils d'alerte…</translation>
    </message>
    <message>
        <source>Notification channels saved.</source>
        <translation>Canaux de notification enregistrés.</translation>
    </message>
    <message>
        <source>waadmin</source>
        <translation>waadmin</translation>
    </message>
    <message>
        <source>Due now: {due} · Scheduled: {scheduled} · Stuck: {stuck}</source>
        <translation>Dus maintenant : {due} · Programmés : {scheduled} · Bloqués : {stuck}</translation>
    </message>
    <message>
        <source>Refreshed {time}</source>
        <translation>Actualisé à {time}</translation>
    </message>
    <message>
        <source>Read-only connection: changes are disabled</source>
        <translation>Connexion en lecture seule : les modifications sont désactivées</translation>
    </message>
    <message>
        <source>The log files are in {folder}</source>
        <translation>Les fichiers journaux sont dans {folder}</translation>
    </message>
    <message>
        <source>waadmin {version}
Admin console for the WhatsApp notification attempts.</source>
        <translation>waadmin {version}
Console d'administration des tentatives de notification WhatsApp.</translation>
    </message>
    <message>
        <source>waadmin keeps running</source>
        <translation>waadmin reste ouvert</translation>
    </message>
    <message>
        <source>The background worker goes on in the tray. Use the tray menu to show the window or quit.</source>
        <translation>Le worker continue dans la zone de notification. Utilisez son menu pour afficher la fenêtre ou quitter.</translation>
    </message>
    <message>
        <source>The background worker is running. Stop it and quit? Sends under way finish and are recorded first.</source>
        <translation>Le worker tourne. L'arrêter et quitter ? Les envois en cours se terminent et sont enregistrés d'abord.</translation>
    </message>
    <message>
        <source>A long action is running. Stop it (work in progress is finished and recorded) and quit?</source>
        <translation>Une action longue est en cours. L'arrêter (le travail en cours est terminé et enregistré) et quitter ?</translation>
    </message>
    <message>
        <source>Stopping the worker: sends under way finish first…</source>
        <translation>Arrêt du worker : les envois en cours se terminent d'abord…</translation>
    </message>
</context>
<context>
    <name>Maintenance</name>
    <message>
        <source>Cleanup</source>
        <translation>Nettoyage</translation>
    </message>
    <message numerus="yes">
        <source>Deleting %Ln attempts…</source>
        <translation>
            <numerusform>Suppression de %Ln tentative…</numerusform>
            <numerusform>Suppression de %Ln tentatives…</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted {done} of {total}</source>
        <translation>{done} supprimées sur {total}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln attempts deleted.</source>
        <translation>
            <numerusform>%Ln tentative supprimée.</numerusform>
            <numerusform>%Ln tentatives supprimées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped on request.</source>
        <translation>Arrêté à la demande.</translation>
    </message>
    <message>
        <source>Interrupted: {reason}</source>
        <translation>Interrompu : {reason}</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Write the passwords and codes of account, credentials and OTP messages in clear? No masks them (recommended); Yes is recorded in the audit log.</source>
        <translation>Écrire en clair les mots de passe et codes des messages de compte, d'identifiants et OTP ? Non les masque (recommandé) ; Oui est consigné dans le journal d'audit.</translation>
    </message>
    <message>
        <source>Writing {path}…</source>
        <translation>Écriture de {path}…</translation>
    </message>
    <message>
        <source>{done} rows written</source>
        <translation>{done} lignes écrites</translation>
    </message>
    <message>
        <source>Export stopped; no file was written.</source>
        <translation>Export arrêté ; aucun fichier n'a été écrit.</translation>
    </message>
    <message>
        <source>{n} rows written to {path}</source>
        <translation>{n} lignes écrites dans {path}</translation>
    </message>
    <message>
        <source>Reprocess webhooks</source>
        <translation>Retraiter les webhooks</translation>
    </message>
    <message>
        <source>Applying webhook logs…</source>
        <translation>Application des logs de webhooks…</translation>
    </message>
    <message>
        <source>{examined} logs examined: {applied} applied, {unchanged} without change, {no_match} matching no attempt, {ambiguous} matching several.</source>
        <translation>{examined} logs examinés : {applied} appliqués, {unchanged} sans changement, {no_match} sans tentative correspondante, {ambiguous} correspondant à plusieurs.</translation>
    </message>
</context>
<context>
    <name>MultiSelectButton</name>
    <message>
        <source>All (no filter)</source>
        <translation>Tous (sans filtre)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>tous</translation>
    </message>
    <message>
        <source>{title}: {value}</source>
        <translation>{title} : {value}</translation>
    </message>
</context>
<context>
    <name>Outage</name>
    <message>
        <source>Provider unreachable after {n} failures: {where}.</source>
        <translation>Fournisseur injoignable après {n} échecs : {where}.</translation>
    </message>
    <message>
        <source>Some sends could not reach the provider.</source>
        <translation>Certains envois n'ont pas pu joindre le fournisseur.</translation>
    </message>
    <message>
        <source>{n} attempts left as they were (no try counted); they are sent once the provider answers again.</source>
        <translation>{n} tentatives laissées telles quelles (aucun essai compté) ; elles partiront quand le fournisseur répondra de nouveau.</translation>
    </message>
    <message>
        <source>Provider: up</source>
        <translation>Fournisseur : disponible</translation>
    </message>
    <message>
        <source>{n} endpoints</source>
        <translation>{n} points d'accès</translation>
    </message>
    <message>
        <source>since {time}</source>
        <translation>depuis {time}</translation>
    </message>
    <message>
        <source>Provider down: {where}</source>
        <translation>Fournisseur injoignable : {where}</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source>Connection profiles</source>
        <translation>Profils de connexion</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Embedded database</source>
        <translation>Base intégrée</translation>
    </message>
    <message>
        <source>SQLite file</source>
        <translation>Fichier SQLite</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>Serveur PostgreSQL</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Read-only: no change to the data is possible</source>
        <translation>Lecture seule : aucune modification des données n'est possible</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base :</translation>
    </message>
    <message>
        <source>SQLite file:</source>
        <translation>Fichier SQLite :</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Hôte :</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port :</translation>
    </message>
    <message>
        <source>Database name:</source>
        <translation>Nom de la base :</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Utilisateur :</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <source>SSL mode:</source>
        <translation>Mode SSL :</translation>
    </message>
    <message>
        <source>Provider (empty: the environment's WACHAP_* variables)</source>
        <translation>Fournisseur (vide : les variables WACHAP_* de l'environnement)</translation>
    </message>
    <message>
        <source>From the environment</source>
        <translation>Depuis l'environnement</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>Fournisseur :</translation>
    </message>
    <message>
        <source>WaChap address:</source>
        <translation>Adresse WaChap :</translation>
    </message>
    <message>
        <source>access token (kept in the keyring)</source>
        <translation>jeton d'accès (gardé dans le trousseau)</translation>
    </message>
    <message>
        <source>Instance {region}:</source>
        <translation>Instance {region} :</translation>
    </message>
    <message>
        <source>WaChap V4 address:</source>
        <translation>Adresse WaChap V4 :</translation>
    </message>
    <message>
        <source>WaChap V4 key:</source>
        <translation>Clé WaChap V4 :</translation>
    </message>
    <message>
        <source>WaChap V4 accounts:</source>
        <translation>Comptes WaChap V4 :</translation>
    </message>
    <message>
        <source>Meta address:</source>
        <translation>Adresse Meta :</translation>
    </message>
    <message>
        <source>Meta token:</source>
        <translation>Jeton Meta :</translation>
    </message>
    <message>
        <source>Meta phone-number ids:</source>
        <translation>Identifiants de numéro Meta :</translation>
    </message>
    <message>
        <source>No keyring: {why}. Passwords and tokens are kept for this session only and asked again next time.</source>
        <translation>Pas de trousseau : {why}. Mots de passe et jetons sont gardés pour cette session seulement et redemandés la prochaine fois.</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Tester</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>SQLite database</source>
        <translation>Base SQLite</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>Bases SQLite (*.sqlite3 *.sqlite *.db);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>stored in the keyring — leave empty to keep it</source>
        <translation>gardé dans le trousseau — laisser vide pour le conserver</translation>
    </message>
    <message>
        <source>{field} is not valid JSON, e.g. {{"mali": "acc_1"}}</source>
        <translation>{field} n'est pas du JSON valide, par ex. {{"mali": "acc_1"}}</translation>
    </message>
    <message>
        <source>{field} must map a region to an id</source>
        <translation>{field} doit associer une région à un identifiant</translation>
    </message>
    <message>
        <source>WaChap V4 accounts</source>
        <translation>Comptes WaChap V4</translation>
    </message>
    <message>
        <source>Meta phone-number ids</source>
        <translation>Identifiants de numéro Meta</translation>
    </message>
    <message>
        <source>Profile not saved</source>
        <translation>Profil non enregistré</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <source>it was never saved</source>
        <translation>il n'a jamais été enregistré</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Password for {target} (not stored: {why}):</source>
        <translation>Mot de passe pour {target} (non conservé : {why}) :</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Supprimer le profil</translation>
    </message>
    <message>
        <source>Delete the profile {name} and its stored passwords?</source>
        <translation>Supprimer le profil {name} et ses mots de passe enregistrés ?</translation>
    </message>
</context>
<context>
    <name>ProviderDialog</name>
    <message>
        <source>•••• (unchanged)</source>
        <translation>•••• (inchangé)</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Tokens and keys are kept in the system keyring, never in the settings file.</source>
        <translation>Les jetons et clés sont gardés dans le trousseau du système, jamais dans le fichier de réglages.</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Tester</translation>
    </message>
    <message>
        <source>Check the address and credentials with a status call; no message is sent</source>
        <translation>Vérifier l'adresse et les identifiants par un appel d'état ; aucun message n'est envoyé</translation>
    </message>
    <message>
        <source>API:</source>
        <translation>API :</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse :</translation>
    </message>
    <message>
        <source>{region} instance id:</source>
        <translation>Identifiant d'instance {region} :</translation>
    </message>
    <message>
        <source>{region} access token:</source>
        <translation>Jeton d'accès {region} :</translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation>Clé secrète :</translation>
    </message>
    <message>
        <source>Accounts by region:</source>
        <translation>Comptes par région :</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>Jeton d'accès :</translation>
    </message>
    <message>
        <source>Phone-number id:</source>
        <translation>Identifiant du numéro :</translation>
    </message>
    <message>
        <source>The accounts must be JSON such as {"mali": "acc_1"}.</source>
        <translation>Les comptes doivent être du JSON comme {"mali": "acc_1"}.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <source>This provider has no status call to test with; the settings look complete.</source>
        <translation>Ce fournisseur n'a pas d'appel d'état pour tester ; les réglages semblent complets.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
</context>
<context>
    <name>RedactDialog</name>
    <message>
        <source>Redact sensitive messages</source>
        <translation>Masquer les messages sensibles</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Replaces the temporary passwords, verification codes and reset links in account, credentials and OTP messages with a mask, keeping the rest of each message readable. Only messages finished (sent, delivered, read, failed permanently or cancelled) longer ago than this are changed; a message that may still be sent keeps its text. This cannot be undone.</source>
        <translation>Remplace les mots de passe temporaires, codes de vérification et liens de réinitialisation des messages de compte, d'identifiants et OTP par un masque ; le reste de chaque message reste lisible. Seuls les messages terminés (envoyés, livrés, lus, en échec définitif ou annulés) depuis plus longtemps que ce délai sont modifiés ; un message qui peut encore partir garde son texte. C'est irréversible.</translation>
    </message>
    <message>
        <source>Redact</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <source>Finished more than:</source>
        <translation>Terminés depuis plus de :</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Comptage…</translation>
    </message>
    <message>
        <source>{count} finished sensitive messages older than {hours} h hold a secret that will be masked. For example, afterwards:</source>
        <translation>{count} messages sensibles terminés depuis plus de {hours} h contiennent un secret qui sera masqué. Par exemple, après coup :</translation>
    </message>
    <message>
        <source>Nothing to redact: no finished sensitive message older than {hours} h holds a secret.</source>
        <translation>Rien à masquer : aucun message sensible terminé depuis plus de {hours} h ne contient de secret.</translation>
    </message>
</context>
<context>
    <name>RedactionActions</name>
    <message>
        <source>Redact sensitive messages</source>
        <translation>Masquer les messages sensibles</translation>
    </message>
    <message>
        <source>Masking the secrets of {n} messages…</source>
        <translation>Masquage des secrets de {n} messages…</translation>
    </message>
    <message>
        <source>{done} of {total} examined</source>
        <translation>{done} sur {total} examinés</translation>
    </message>
    <message>
        <source>{n} messages redacted.</source>
        <translation>{n} messages masqués.</translation>
    </message>
    <message>
        <source>{n} left as they were: they changed meanwhile.</source>
        <translation>{n} laissés tels quels : ils ont changé entre-temps.</translation>
    </message>
    <message>
        <source>Stopped on request; what was done is kept.</source>
        <translation>Arrêté à la demande ; ce qui est fait est conservé.</translation>
    </message>
    <message>
        <source>Interrupted: {reason}</source>
        <translation>Interrompu : {reason}</translation>
    </message>
</context>
<context>
    <name>RetryRuns</name>
    <message>
        <source>Retry selected</source>
        <translation>Réessayer la sélection</translation>
    </message>
    <message numerus="yes">
        <source>%n attempts selected:</source>
        <translation>
            <numerusform>%n tentative sélectionnée :</numerusform>
            <numerusform>%n tentatives sélectionnées :</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>• %n can be sent now</source>
        <translation>
            <numerusform>• %n peut être envoyée maintenant</numerusform>
            <numerusform>• %n peuvent être envoyées maintenant</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>• %n not sent: {status}</source>
        <translation>
            <numerusform>• %n non envoyée : {status}</numerusform>
            <numerusform>• %n non envoyées : {status}</numerusform>
        </translation>
    </message>
    <message>
        <source>None of them can be sent.</source>
        <translation>Aucune ne peut être envoyée.</translation>
    </message>
    <message numerus="yes">
        <source>Send %n attempts now?</source>
        <translation>
            <numerusform>Envoyer %n tentative maintenant ?</numerusform>
            <numerusform>Envoyer %n tentatives maintenant ?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %n attempts…</source>
        <translation>
            <numerusform>Envoi de %n tentative…</numerusform>
            <numerusform>Envoi de %n tentatives…</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry all due</source>
        <translation>Réessayer tout ce qui est dû</translation>
    </message>
    <message>
        <source>No attempt is due right now.</source>
        <translation>Aucune tentative n'est due pour le moment.</translation>
    </message>
    <message numerus="yes">
        <source>About %n attempts are due (estimated from a sample of a long queue). Send every attempt that is due now?</source>
        <translation>
            <numerusform>Environ %n tentative est due (estimation sur un échantillon d'une longue file). Envoyer toutes les tentatives dues maintenant ?</numerusform>
            <numerusform>Environ %n tentatives sont dues (estimation sur un échantillon d'une longue file). Envoyer toutes les tentatives dues maintenant ?</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending the due attempts…</source>
        <translation>Envoi des tentatives dues…</translation>
    </message>
    <message numerus="yes">
        <source>%n attempts are due. Send them now?</source>
        <translation>
            <numerusform>%n tentative est due. L'envoyer maintenant ?</numerusform>
            <numerusform>%n tentatives sont dues. Les envoyer maintenant ?</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending… {done} done so far</source>
        <translation>Envoi… {done} faites jusqu'ici</translation>
    </message>
    <message>
        <source>Sending… {done} of {total} done</source>
        <translation>Envoi… {done} sur {total} faits</translation>
    </message>
    <message>
        <source>Sent: {n}</source>
        <translation>Envoyées : {n}</translation>
    </message>
    <message>
        <source>Failed: {n} (permanently: {final})</source>
        <translation>Échecs : {n} (définitifs : {final})</translation>
    </message>
    <message>
        <source>Postponed by the provider's rate limit: {n}</source>
        <translation>Reportées par la limite de débit du fournisseur : {n}</translation>
    </message>
    <message>
        <source>Skipped (changed or taken by another sender): {n}</source>
        <translation>Ignorées (modifiées ou prises par un autre expéditeur) : {n}</translation>
    </message>
    <message>
        <source>Stuck sends recovered: {n}</source>
        <translation>Envois bloqués récupérés : {n}</translation>
    </message>
    <message>
        <source>Stopped on request; sends in progress were finished and recorded.</source>
        <translation>Arrêté à la demande ; les envois en cours ont été terminés et enregistrés.</translation>
    </message>
    <message>
        <source>Interrupted: {reason}</source>
        <translation>Interrompu : {reason}</translation>
    </message>
    <message numerus="yes">
        <source>Not sent (%n): </source>
        <translation>
            <numerusform>Non envoyée (%n) : </numerusform>
            <numerusform>Non envoyées (%n) : </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SavedViewsMenu</name>
    <message>
        <source>Save current view…</source>
        <translation>Enregistrer la vue actuelle…</translation>
    </message>
    <message>
        <source>Delete a saved view</source>
        <translation>Supprimer une vue enregistrée</translation>
    </message>
    <message>
        <source>Save current view</source>
        <translation>Enregistrer la vue actuelle</translation>
    </message>
    <message>
        <source>Name of the view:</source>
        <translation>Nom de la vue :</translation>
    </message>
    <message>
        <source>View “{name}” saved.</source>
        <translation>Vue « {name} » enregistrée.</translation>
    </message>
</context>
<context>
    <name>ThresholdsDialog</name>
    <message>
        <source>Alert thresholds</source>
        <translation>Seuils d'alerte</translation>
    </message>
    <message>
        <source>Success rate over the last hour below:</source>
        <translation>Taux de succès sur la dernière heure sous :</translation>
    </message>
    <message>
        <source>Retries waiting more than:</source>
        <translation>Essais en attente au-delà de :</translation>
    </message>
    <message>
        <source>Failed for good over 24 h above:</source>
        <translation>Échecs définitifs sur 24 h au-delà de :</translation>
    </message>
    <message>
        <source>Mean delay to send over 24 h above:</source>
        <translation>Délai moyen d'envoi sur 24 h au-delà de :</translation>
    </message>
</context>
<context>
    <name>WebhooksModel</name>
    <message>
        <source>ID</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Provider message id</source>
        <translation>Identifiant fournisseur</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Traité</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Tentative</translation>
    </message>
    <message>
        <source>Processing error</source>
        <translation>Erreur de traitement</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Contenu reçu</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
</context>
<context>
    <name>WebhooksView</name>
    <message>
        <source>All logs</source>
        <translation>Tous les logs</translation>
    </message>
    <message>
        <source>Unprocessed</source>
        <translation>Non traités</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Traité</translation>
    </message>
    <message>
        <source>With a processing error</source>
        <translation>Avec une erreur de traitement</translation>
    </message>
    <message>
        <source>Search provider id, type or status…</source>
        <translation>Chercher identifiant fournisseur, type ou statut…</translation>
    </message>
    <message>
        <source>Reprocess selected</source>
        <translation>Retraiter la sélection</translation>
    </message>
    <message>
        <source>Reprocess all unprocessed</source>
        <translation>Retraiter tous les non traités</translation>
    </message>
    <message>
        <source>{shown} logs shown, {unprocessed} of them unprocessed</source>
        <translation>{shown} logs affichés, dont {unprocessed} non traités</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Welcome to waadmin</source>
        <translation>Bienvenue dans waadmin</translation>
    </message>
    <message>
        <source>waadmin opened its own database on this computer, and it is still empty. Choose how to start:</source>
        <translation>waadmin a ouvert sa propre base sur cet ordinateur, et elle est encore vide. Choisissez comment commencer :</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>Charger des données de démonstration</translation>
    </message>
    <message>
        <source>A month of realistic attempts to explore, in this embedded database only.</source>
        <translation>Un mois de tentatives réalistes à explorer, dans cette base intégrée seulement.</translation>
    </message>
    <message>
        <source>Connect to a database…</source>
        <translation>Se connecter à une base…</translation>
    </message>
    <message>
        <source>The Django app's PostgreSQL database or its SQLite file.</source>
        <translation>La base PostgreSQL de l'application Django ou son fichier SQLite.</translation>
    </message>
    <message>
        <source>Configure a provider…</source>
        <translation>Configurer un fournisseur…</translation>
    </message>
    <message>
        <source>WaChap, WaChap V4 or the Meta Cloud API, to send retries.</source>
        <translation>WaChap, WaChap V4 ou l'API Meta Cloud, pour envoyer les renvois.</translation>
    </message>
    <message>
        <source>Start with the empty database</source>
        <translation>Commencer avec la base vide</translation>
    </message>
    <message>
        <source>Creating demo data…</source>
        <translation>Création des données de démonstration…</translation>
    </message>
    <message>
        <source>Creating demo data… {done} of {total} attempts</source>
        <translation>Création des données de démonstration… {done} sur {total} tentatives</translation>
    </message>
    <message>
        <source>Demo data loaded: {n} attempts, {w} webhook logs.</source>
        <translation>Données de démonstration chargées : {n} tentatives, {w} webhooks.</translation>
    </message>
    <message>
        <source>The demo data could not be created: {reason}</source>
        <translation>Les données de démonstration n'ont pas pu être créées : {reason}</translation>
    </message>
    <message>
        <source>No provider is configured yet: you can look at attempts, but not send them.</source>
        <translation>Aucun fournisseur n'est encore configuré : vous pouvez consulter les tentatives, pas les envoyer.</translation>
    </message>
    <message>
        <source>Provider: {name}</source>
        <translation>Fournisseur : {name}</translation>
    </message>
</context>
<context>
    <name>WorkerActions</name>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Start or stop the background retry worker</source>
        <translation>Démarrer ou arrêter le worker de renvoi en arrière-plan</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Pause the worker: no new sends, sends under way finish</source>
        <translation>Mettre le worker en pause : plus de nouveaux envois, ceux en cours se terminent</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Lancer maintenant</translation>
    </message>
    <message>
        <source>Run one batch of due retries now</source>
        <translation>Envoyer maintenant un lot de tentatives échues</translation>
    </message>
    <message>
        <source>Worker settings…</source>
        <translation>Réglages du worker…</translation>
    </message>
    <message>
        <source>Interval, batch size, rate limit, start at launch</source>
        <translation>Intervalle, taille du lot, débit, démarrage au lancement</translation>
    </message>
    <message>
        <source>&amp;Worker</source>
        <translation>&amp;Worker</translation>
    </message>
    <message>
        <source>Stop worker</source>
        <translation>Arrêter le worker</translation>
    </message>
    <message>
        <source>Start worker</source>
        <translation>Démarrer le worker</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Worker: not running — {reason}</source>
        <translation>Worker : arrêté — {reason}</translation>
    </message>
    <message>
        <source>Worker: {state}</source>
        <translation>Worker : {state}</translation>
    </message>
</context>
<context>
    <name>WorkerController</name>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base n'est ouverte.</translation>
    </message>
    <message>
        <source>The connection is read-only: the worker would change data.</source>
        <translation>La connexion est en lecture seule : le worker modifierait des données.</translation>
    </message>
    <message>
        <source>Another waadmin window (process {pid}) already runs the worker for this database.</source>
        <translation>Une autre fenêtre waadmin (processus {pid}) fait déjà tourner le worker sur cette base.</translation>
    </message>
    <message>
        <source>Worker settings not saved</source>
        <translation>Réglages du worker non enregistrés</translation>
    </message>
    <message>
        <source>Worker stopped</source>
        <translation>Worker arrêté</translation>
    </message>
    <message>
        <source>The database refuses the worker's changes: {reason}</source>
        <translation>La base refuse les modifications du worker : {reason}</translation>
    </message>
    <message>
        <source>Final failures</source>
        <translation>Échecs définitifs</translation>
    </message>
    <message numerus="yes">
        <source>The last background run ended with %n attempts failed for good.</source>
        <translation>
            <numerusform>Le dernier passage en arrière-plan s'est terminé avec %n tentative en échec définitif.</numerusform>
            <numerusform>Le dernier passage en arrière-plan s'est terminé avec %n tentatives en échec définitif.</numerusform>
        </translation>
    </message>
    <message>
        <source>Database unreachable</source>
        <translation>Base injoignable</translation>
    </message>
    <message>
        <source>The worker paused: {reason}. It resumes by itself when the database answers.</source>
        <translation>Le worker est en pause : {reason}. Il reprendra seul quand la base répondra.</translation>
    </message>
    <message>
        <source>Database back</source>
        <translation>Base de retour</translation>
    </message>
    <message>
        <source>The database answers again; the worker resumed.</source>
        <translation>La base répond de nouveau ; le worker a repris.</translation>
    </message>
    <message>
        <source>Provider unreachable</source>
        <translation>Fournisseur injoignable</translation>
    </message>
    <message>
        <source>Sending paused for {where}. Nothing is charged meanwhile; the worker probes and resumes by itself.</source>
        <translation>Envois suspendus pour {where}. Aucun essai n'est compté entre-temps ; le worker sonde le fournisseur et reprend tout seul.</translation>
    </message>
    <message>
        <source>Provider back</source>
        <translation>Fournisseur de retour</translation>
    </message>
    <message>
        <source>The provider answers again; sending resumed.</source>
        <translation>Le fournisseur répond de nouveau ; les envois ont repris.</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerte</translation>
    </message>
</context>
<context>
    <name>WorkerSettingsDialog</name>
    <message>
        <source>Background worker</source>
        <translation>Worker en arrière-plan</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <source> messages/s</source>
        <translation> messages/s</translation>
    </message>
    <message>
        <source> failures in a row</source>
        <translation> échecs d'affilée</translation>
    </message>
    <message>
        <source>Sends that could not reach the provider, or that it answered with a server error, before its endpoint counts as down</source>
        <translation>Envois qui n'ont pas pu joindre le fournisseur, ou auxquels il a répondu par une erreur serveur, avant que son point d'accès soit considéré comme en panne</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source> h after they finished</source>
        <translation> h après la fin</translation>
    </message>
    <message>
        <source>Replace the temporary passwords, codes and reset links of account, credentials and OTP messages with a mask once they are sent, delivered, read, failed for good or cancelled, this many hours ago. Irreversible; the rest of each message stays readable.</source>
        <translation>Remplace par un masque les mots de passe temporaires, codes et liens de réinitialisation des messages de compte, d'identifiants et OTP envoyés, livrés, lus, en échec définitif ou annulés depuis ce nombre d'heures. Irréversible ; le reste de chaque message reste lisible.</translation>
    </message>
    <message>
        <source>Start the worker when waadmin starts</source>
        <translation>Démarrer le worker au lancement de waadmin</translation>
    </message>
    <message>
        <source>Each run sends the attempts that are due, up to the batch size, and gives sends stuck past their lease back to the schedule. Other waadmin windows, cron jobs and the Django app can run at the same time: an attempt is only sent by whoever claimed it.</source>
        <translation>Chaque passage envoie les tentatives échues, jusqu'à la taille du lot, et remet au calendrier les envois bloqués au-delà de leur bail. D'autres fenêtres waadmin, des tâches cron et l'application Django peuvent tourner en même temps : une tentative n'est envoyée que par celui qui l'a réservée.</translation>
    </message>
    <message>
        <source>Run every:</source>
        <translation>Passer toutes les :</translation>
    </message>
    <message>
        <source>Attempts per run:</source>
        <translation>Tentatives par passage :</translation>
    </message>
    <message>
        <source>Rate limit:</source>
        <translation>Débit maximal :</translation>
    </message>
    <message>
        <source>Sends at once:</source>
        <translation>Envois simultanés :</translation>
    </message>
    <message>
        <source>Provider down after:</source>
        <translation>Fournisseur en panne après :</translation>
    </message>
    <message>
        <source>First probe after:</source>
        <translation>Premier sondage après :</translation>
    </message>
    <message>
        <source>Longest wait between probes:</source>
        <translation>Attente maximale entre sondages :</translation>
    </message>
    <message>
        <source>Redact sensitive messages:</source>
        <translation>Masquer les messages sensibles :</translation>
    </message>
    <message>
        <source>The longest wait between probes cannot be shorter than the first one ({first} s).</source>
        <translation>L'attente maximale entre sondages ne peut pas être plus courte que la première ({first} s).</translation>
    </message>
</context>
<context>
    <name>WorkerStatus</name>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{m} min {s:02d} s</source>
        <translation>{m} min {s:02d} s</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>envoi en cours…</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>en pause</translation>
    </message>
    <message>
        <source>waiting for the database ({reason})</source>
        <translation>en attente de la base ({reason})</translation>
    </message>
    <message>
        <source>provider down: {where}</source>
        <translation>fournisseur injoignable : {where}</translation>
    </message>
    <message>
        <source>error: {reason}</source>
        <translation>erreur : {reason}</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>au repos</translation>
    </message>
    <message>
        <source>next probe in {time}</source>
        <translation>prochain sondage dans {time}</translation>
    </message>
    <message>
        <source>next run in {time}</source>
        <translation>prochain passage dans {time}</translation>
    </message>
    <message>
        <source>sent {sent}, failed {failed}</source>
        <translation>envoyés {sent}, échecs {failed}</translation>
    </message>
</context>
<context>
    <name>WorkerTray</name>
    <message>
        <source>Show waadmin</source>
        <translation>Afficher waadmin</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Lancer maintenant</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>worker: {state}</source>
        <translation>worker : {state}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
</context>
<context>
    <name>_Counted</name>
    <message numerus="yes">
        <source>in %n min</source>
        <translation>
            <numerusform>dans %n min</numerusform>
            <numerusform>dans %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n h</source>
        <translation>
            <numerusform>dans %n h</numerusform>
            <numerusform>dans %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n days</source>
        <translation>
            <numerusform>dans %n jour</numerusform>
            <numerusform>dans %n jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>il y a %n min</numerusform>
            <numerusform>il y a %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>il y a %n h</numerusform>
            <numerusform>il y a %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>il y a %n jour</numerusform>
            <numerusform>il y a %n jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Targets</name>
    <message numerus="yes">
        <source>(+%Ln more)</source>
        <translation>
            <numerusform>(+%Ln autre)</numerusform>
            <numerusform>(+%Ln autres)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>finished attempts older than %n days (before {cutoff} UTC)</source>
        <translation>
            <numerusform>tentatives terminées de plus de %n jour (avant le {cutoff} UTC)</numerusform>
            <numerusform>tentatives terminées de plus de %n jours (avant le {cutoff} UTC)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>retry of %Ln selected attempts</source>
        <translation>
            <numerusform>renvoi de %Ln tentative sélectionnée</numerusform>
            <numerusform>renvoi de %Ln tentatives sélectionnées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>retry of %Ln due attempts</source>
        <translation>
            <numerusform>renvoi de %Ln tentative due</numerusform>
            <numerusform>renvoi de %Ln tentatives dues</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected logs</source>
        <translation>
            <numerusform>%Ln log sélectionné</numerusform>
            <numerusform>%Ln logs sélectionnés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln demo attempts</source>
        <translation>
            <numerusform>%Ln tentative de démonstration</numerusform>
            <numerusform>%Ln tentatives de démonstration</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <source>ID</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>Source app</source>
        <translation>Application source</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>Prochain essai</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Id fournisseur</translation>
    </message>
</context>
<context>
    <name>commands</name>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Reload the list and the counts</source>
        <translation>Recharger la liste et les compteurs</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>The attempt in full, in its own window</source>
        <translation>La tentative en entier, dans sa propre fenêtre</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Réessayer la sélection</translation>
    </message>
    <message>
        <source>Send the selected attempts now, if attempts remain</source>
        <translation>Envoyer maintenant les tentatives sélectionnées, s'il leur reste des essais</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Réessayer maintenant</translation>
    </message>
    <message>
        <source>Cancel selected</source>
        <translation>Annuler la sélection</translation>
    </message>
    <message>
        <source>Cancel the selected attempts that are still waiting</source>
        <translation>Annuler les tentatives sélectionnées encore en attente</translation>
    </message>
    <message>
        <source>Cancel attempt</source>
        <translation>Annuler la tentative</translation>
    </message>
    <message>
        <source>Retry all due</source>
        <translation>Réessayer tout ce qui est dû</translation>
    </message>
    <message>
        <source>Send every attempt whose retry time has come</source>
        <translation>Envoyer toutes les tentatives dont l'heure d'essai est venue</translation>
    </message>
    <message>
        <source>Retry all matching…</source>
        <translation>Réessayer tout ce qui correspond…</translation>
    </message>
    <message>
        <source>Send every attempt the filters match, on all pages</source>
        <translation>Envoyer toutes les tentatives retenues par les filtres, sur toutes les pages</translation>
    </message>
    <message>
        <source>Cancel all matching…</source>
        <translation>Annuler tout ce qui correspond…</translation>
    </message>
    <message>
        <source>Cancel every waiting attempt the filters match, on all pages</source>
        <translation>Annuler toutes les tentatives en attente retenues par les filtres, sur toutes les pages</translation>
    </message>
    <message>
        <source>Reset stuck</source>
        <translation>Débloquer</translation>
    </message>
    <message>
        <source>Give sends stuck in 'sending' back to the retry schedule</source>
        <translation>Remettre dans le calendrier des essais les envois bloqués « en cours d'envoi »</translation>
    </message>
    <message>
        <source>Reset stuck send…</source>
        <translation>Débloquer l'envoi…</translation>
    </message>
    <message>
        <source>Give this send stuck in 'sending' back to the retry schedule</source>
        <translation>Remettre cet envoi bloqué « en cours d'envoi » dans le calendrier des essais</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>Copier les lignes</translation>
    </message>
    <message>
        <source>Copy as tab-separated text with a header line, for a spreadsheet</source>
        <translation>Copier en texte séparé par des tabulations, avec une ligne d'en-tête, pour un tableur</translation>
    </message>
    <message>
        <source>Copy as a row</source>
        <translation>Copier comme une ligne</translation>
    </message>
    <message>
        <source>Copy phone</source>
        <translation>Copier le numéro</translation>
    </message>
    <message>
        <source>Copy the phone number</source>
        <translation>Copier le numéro de téléphone</translation>
    </message>
    <message>
        <source>Show webhooks</source>
        <translation>Voir les webhooks</translation>
    </message>
    <message>
        <source>The delivery and read reports received for this attempt</source>
        <translation>Les accusés de remise et de lecture reçus pour cette tentative</translation>
    </message>
    <message>
        <source>Cleanup…</source>
        <translation>Nettoyage…</translation>
    </message>
    <message>
        <source>Delete old finished attempts</source>
        <translation>Supprimer les anciennes tentatives terminées</translation>
    </message>
    <message>
        <source>Redact sensitive messages…</source>
        <translation>Masquer les messages sensibles…</translation>
    </message>
    <message>
        <source>Mask the passwords and codes of finished account, credentials and OTP messages</source>
        <translation>Masquer les mots de passe et codes des messages de compte, d'identifiants et OTP terminés</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <source>Save the filtered list as a CSV file</source>
        <translation>Enregistrer la liste filtrée dans un fichier CSV</translation>
    </message>
    <message>
        <source>Connection…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Choose the database</source>
        <translation>Choisir la base de données</translation>
    </message>
    <message>
        <source>Provider settings…</source>
        <translation>Réglages du fournisseur…</translation>
    </message>
    <message>
        <source>The provider sends go through, with a test that sends no message</source>
        <translation>Le fournisseur par lequel partent les envois, avec un test qui n'envoie aucun message</translation>
    </message>
    <message>
        <source>Profiles…</source>
        <translation>Profils…</translation>
    </message>
    <message>
        <source>Saved connections with their provider settings</source>
        <translation>Connexions enregistrées avec leurs réglages de fournisseur</translation>
    </message>
    <message>
        <source>Notification channels…</source>
        <translation>Canaux de notification…</translation>
    </message>
    <message>
        <source>Send alerts to Slack, e-mail or a JSON webhook, with a test message</source>
        <translation>Envoyer les alertes vers Slack, par e-mail ou vers un webhook JSON, avec un message de test</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>En cours d'envoi</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyée</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Livrée</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lue</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Failed, retry scheduled</source>
        <translation>Échec, nouvel essai prévu</translation>
    </message>
    <message>
        <source>Failed permanently</source>
        <translation>Échec définitif</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>OTP code</source>
        <translation>Code OTP</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Notification</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <source>Parcel status</source>
        <translation>Statut colis</translation>
    </message>
    <message>
        <source>Lot status</source>
        <translation>Statut lot</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Identifiants</translation>
    </message>
    <message>
        <source>Shipment</source>
        <translation>Expédition</translation>
    </message>
    <message>
        <source>Parcel created</source>
        <translation>Création colis</translation>
    </message>
    <message>
        <source>Very high</source>
        <translation>Très haute</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Haute</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normale</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Basse</translation>
    </message>
    <message>
        <source>Very low</source>
        <translation>Très basse</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Délai dépassé</translation>
    </message>
    <message>
        <source>Network error</source>
        <translation>Erreur réseau</translation>
    </message>
    <message>
        <source>Provider unreachable</source>
        <translation>Fournisseur injoignable</translation>
    </message>
    <message>
        <source>Provider server error</source>
        <translation>Erreur serveur (5xx)</translation>
    </message>
    <message>
        <source>Rate limited</source>
        <translation>Débit limité</translation>
    </message>
    <message>
        <source>Invalid number</source>
        <translation>Numéro invalide</translation>
    </message>
    <message>
        <source>Configuration error</source>
        <translation>Configuration erronée</translation>
    </message>
    <message>
        <source>Provider refused</source>
        <translation>Refus du fournisseur</translation>
    </message>
    <message>
        <source>Provider app error</source>
        <translation>Erreur applicative</translation>
    </message>
    <message>
        <source>Invalid response</source>
        <translation>Réponse invalide</translation>
    </message>
    <message>
        <source>Interrupted send</source>
        <translation>Envoi interrompu</translation>
    </message>
    <message>
        <source>Conflicting save</source>
        <translation>Écriture concurrente</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <source>WaChap error</source>
        <translation>Erreur WaChap</translation>
    </message>
    <message>
        <source>Technical error</source>
        <translation>Erreur technique</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel all matching</source>
        <translation>Annuler tout ce qui correspond</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Réessayer maintenant</translation>
    </message>
    <message>
        <source>Retry run</source>
        <translation>Passe de renvoi</translation>
    </message>
    <message>
        <source>Retry all matching</source>
        <translation>Réessayer tout ce qui correspond</translation>
    </message>
    <message>
        <source>Reset stuck</source>
        <translation>Débloquer</translation>
    </message>
    <message>
        <source>Cleanup</source>
        <translation>Nettoyage</translation>
    </message>
    <message>
        <source>Webhooks reprocessed</source>
        <translation>Webhooks retraités</translation>
    </message>
    <message>
        <source>Message shown</source>
        <translation>Message affiché</translation>
    </message>
    <message>
        <source>Redaction</source>
        <translation>Masquage</translation>
    </message>
    <message>
        <source>CSV export</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>CSV export, secrets shown</source>
        <translation>Export CSV, secrets visibles</translation>
    </message>
    <message>
        <source>JSON export</source>
        <translation>Export JSON</translation>
    </message>
    <message>
        <source>JSON export, secrets shown</source>
        <translation>Export JSON, secrets visibles</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Données de démonstration</translation>
    </message>
    <message>
        <source>Database repair</source>
        <translation>Réparation de la base</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fait</translation>
    </message>
    <message>
        <source>partly done</source>
        <translation>fait en partie</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>provider unreachable</source>
        <translation>fournisseur injoignable</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>signalé</translation>
    </message>
    <message>
        <source>Status report</source>
        <translation>Rapport de statut</translation>
    </message>
    <message>
        <source>Delivery report</source>
        <translation>Accusé de livraison</translation>
    </message>
    <message>
        <source>Read report</source>
        <translation>Accusé de lecture</translation>
    </message>
    <message>
        <source>Incoming message</source>
        <translation>Message reçu</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>livré</translation>
    </message>
    <message>
        <source>read</source>
        <translation>lu</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>envoyé</translation>
    </message>
    <message>
        <source>success</source>
        <translation>succès</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>background worker</source>
        <translation>worker en arrière-plan</translation>
    </message>
    <message>
        <source>the filters' attempts</source>
        <translation>les tentatives des filtres</translation>
    </message>
    <message>
        <source>all unprocessed logs</source>
        <translation>tous les logs non traités</translation>
    </message>
    <message>
        <source>no attempt</source>
        <translation>aucune tentative</translation>
    </message>
    <message>
        <source>attempts {ids}</source>
        <translation>tentatives {ids}</translation>
    </message>
    <message>
        <source>every send stuck for more than {duration}</source>
        <translation>tout envoi bloqué depuis plus de {duration}</translation>
    </message>
</context>
<context>
    <name>owner</name>
    <message>
        <source>Success rate over the last hour is {value}% (below {threshold}%).</source>
        <translation>Le taux de succès sur la dernière heure est de {value} % (sous {threshold} %).</translation>
    </message>
    <message>
        <source>{value} retries are waiting (more than {threshold}).</source>
        <translation>{value} renvois attendent (plus de {threshold}).</translation>
    </message>
    <message>
        <source>Final failures over 24 h are {value}% (above {threshold}%).</source>
        <translation>Les échecs définitifs sur 24 h sont à {value} % (au-delà de {threshold} %).</translation>
    </message>
    <message>
        <source>Mean delay from creation to send is {value} min (above {threshold} min).</source>
        <translation>Le délai moyen de la création à l'envoi est de {value} min (au-delà de {threshold} min).</translation>
    </message>
</context>
<context>
    <name>timefmt</name>
    <message>
        <source>Local time</source>
        <translation>Heure locale</translation>
    </message>
    <message>
        <source>now</source>
        <translation>maintenant</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} j</translation>
    </message>
</context>
</TS>