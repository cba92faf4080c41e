<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>AttemptsView</name>
    <message numerus="yes">
        <source>%Ln attempts</source>
        <translation>
            <numerusform>%Ln attempt</numerusform>
            <numerusform>%Ln attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{prefix} %Ln attempts (estimate)</source>
        <translation>
            <numerusform>{prefix} %Ln attempt (estimate)</numerusform>
            <numerusform>{prefix} %Ln attempts (estimate)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln matching selected</source>
        <translation>
            <numerusform>The %Ln matching attempt selected</numerusform>
            <numerusform>All %Ln matching selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected</source>
        <translation>
            <numerusform>%Ln selected</numerusform>
            <numerusform>%Ln selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Select all %Ln matching</source>
        <translation>
            <numerusform>Select the %Ln matching</numerusform>
            <numerusform>Select all %Ln matching</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing all %Ln rows, from the end — back to the top</source>
        <translation>
            <numerusform>Showing the only row, from the end — back to the top</numerusform>
            <numerusform>Showing all %Ln rows, from the end — back to the top</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing the last %Ln rows — back to the top</source>
        <translation>
            <numerusform>Showing the last row — back to the top</numerusform>
            <numerusform>Showing the last %Ln rows — back to the top</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new attempts — show</source>
        <translation>
            <numerusform>%Ln new attempt — show</numerusform>
            <numerusform>%Ln new attempts — show</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than %Ln new attempts — show</source>
        <translation>
            <numerusform>More than %Ln new attempt — show</numerusform>
            <numerusform>More than %Ln new attempts — show</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message numerus="yes">
        <source>None of the %Ln matching attempts can be sent: they are sent, sending, cancelled or out of attempts.</source>
        <translation>
            <numerusform>The %Ln matching attempt cannot be sent: it is sent, sending, cancelled or out of attempts.</numerusform>
            <numerusform>None of the %Ln matching attempts can be sent: they are sent, sending, cancelled or out of attempts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln attempts match the filter.</source>
        <translation>
            <numerusform>%Ln attempt matches the filter.</numerusform>
            <numerusform>%Ln attempts match the filter.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them can be sent now, before their retry time. Nothing is changed until you confirm. Send them?</source>
        <translation>
            <numerusform>%Ln of them can be sent now, before its retry time. Nothing is changed until you confirm. Send it?</numerusform>
            <numerusform>%Ln of them can be sent now, before their retry time. Nothing is changed until you confirm. Send them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not sent, left exactly as they were: %Ln</source>
        <translation>
            <numerusform>Not sent, left exactly as it was: %Ln</numerusform>
            <numerusform>Not sent, left exactly as they were: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Extra tries given and not used, taken back: %Ln</source>
        <translation>
            <numerusform>Extra tries given and not used, taken back: %Ln</numerusform>
            <numerusform>Extra tries given and not used, taken back: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Extra tries not used, taken back: %Ln</source>
        <translation>
            <numerusform>Extra tries not used, taken back: %Ln</numerusform>
            <numerusform>Extra tries not used, taken back: %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln matching attempts are still waiting. Cancel them all? They will not be sent.</source>
        <translation>
            <numerusform>%Ln matching attempt is still waiting. Cancel it? It will not be sent.</numerusform>
            <numerusform>%Ln matching attempts are still waiting. Cancel them all? They will not be sent.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkConfirmDialog</name>
    <message numerus="yes">
        <source>Give the %Ln permanently failed attempts this many more tries:</source>
        <translation>
            <numerusform>Give the %Ln permanently failed attempt this many more tries:</numerusform>
            <numerusform>Give the %Ln permanently failed attempts this many more tries:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CancelAndReset</name>
    <message numerus="yes">
        <source>Cancel %n selected attempts? Those still waiting will not be sent.</source>
        <translation>
            <numerusform>Cancel the selected attempt? If it is still waiting, it will not be sent.</numerusform>
            <numerusform>Cancel %n selected attempts? Those still waiting will not be sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempts have been in 'sending' for more than {m} minutes. Give them back to the retry schedule?</source>
        <translation>
            <numerusform>%n attempt has been in 'sending' for more than {m} minutes. Give it back to the retry schedule?</numerusform>
            <numerusform>%n attempts have been in 'sending' for more than {m} minutes. Give them back to the retry schedule?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempts are back in the retry schedule. They may have reached the provider before their sender stopped: {ids}</source>
        <translation>
            <numerusform>%n attempt is back in the retry schedule. It may have reached the provider before its sender stopped: {ids}</numerusform>
            <numerusform>%n attempts are back in the retry schedule. They may have reached the provider before their sender stopped: {ids}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CleanupDialog</name>
    <message numerus="yes">
        <source>%Ln finished attempts older than {days} days will be deleted.</source>
        <translation>
            <numerusform>%Ln finished attempt older than {days} days will be deleted.</numerusform>
            <numerusform>%Ln finished attempts older than {days} days will be deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln attempts</source>
        <translation>
            <numerusform>Delete %Ln attempt</numerusform>
            <numerusform>Delete %Ln attempts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FailuresView</name>
    <message numerus="yes">
        <source>%Ln failed attempts in {groups} groups</source>
        <translation>
            <numerusform>%Ln failed attempt in {groups} groups</numerusform>
            <numerusform>%Ln failed attempts in {groups} groups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%Ln rows copied</source>
        <translation>
            <numerusform>%Ln row copied</numerusform>
            <numerusform>%Ln rows copied</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Maintenance</name>
    <message numerus="yes">
        <source>Deleting %Ln attempts…</source>
        <translation>
            <numerusform>Deleting %Ln attempt…</numerusform>
            <numerusform>Deleting %Ln attempts…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln attempts deleted.</source>
        <translation>
            <numerusform>%Ln attempt deleted.</numerusform>
            <numerusform>%Ln attempts deleted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RetryRuns</name>
    <message numerus="yes">
        <source>%n attempts selected:</source>
        <translation>
            <numerusform>%n attempt selected:</numerusform>
            <numerusform>%n attempts selected:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>• %n can be sent now</source>
        <translation>
            <numerusform>• %n can be sent now</numerusform>
            <numerusform>• %n can be sent now</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>• %n not sent: {status}</source>
        <translation>
            <numerusform>• %n not sent: {status}</numerusform>
            <numerusform>• %n not sent: {status}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send %n attempts now?</source>
        <translation>
            <numerusform>Send %n attempt now?</numerusform>
            <numerusform>Send %n attempts now?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sending %n attempts…</source>
        <translation>
            <numerusform>Sending %n attempt…</numerusform>
            <numerusform>Sending %n attempts…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %n attempts are due (estimated from a sample of a long queue). Send every attempt that is due now?</source>
        <translation>
            <numerusform>About %n attempt is due (estimated from a sample of a long queue). Send every attempt that is due now?</numerusform>
            <numerusform>About %n attempts are due (estimated from a sample of a long queue). Send every attempt that is due now?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempts are due. Send them now?</source>
        <translation>
            <numerusform>%n attempt is due. Send it now?</numerusform>
            <numerusform>%n attempts are due. Send them now?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not sent (%n): </source>
        <translation>
            <numerusform>Not sent (%n): </numerusform>
            <numerusform>Not sent (%n): </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkerController</name>
    <message numerus="yes">
        <source>The last background run ended with %n attempts failed for good.</source>
        <translation>
            <numerusform>The last background run ended with %n attempt failed for good.</numerusform>
            <numerusform>The last background run ended with %n attempts failed for good.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Counted</name>
    <message numerus="yes">
        <source>in %n min</source>
        <translation>
            <numerusform>in %n min</numerusform>
            <numerusform>in %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n h</source>
        <translation>
            <numerusform>in %n h</numerusform>
            <numerusform>in %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n days</source>
        <translation>
            <numerusform>in %n day</numerusform>
            <numerusform>in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
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
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_Targets</name>
    <message numerus="yes">
        <source>(+%Ln more)</source>
        <translation>
            <numerusform>(+%Ln more)</numerusform>
            <numerusform>(+%Ln more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>finished attempts older than %n days (before {cutoff} UTC)</source>
        <translation>
            <numerusform>finished attempts older than %n day (before {cutoff} UTC)</numerusform>
            <numerusform>finished attempts older than %n days (before {cutoff} UTC)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>retry of %Ln selected attempts</source>
        <translation>
            <numerusform>retry of %Ln selected attempt</numerusform>
            <numerusform>retry of %Ln selected attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>retry of %Ln due attempts</source>
        <translation>
            <numerusform>retry of %Ln due attempt</numerusform>
            <numerusform>retry of %Ln due attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected logs</source>
        <translation>
            <numerusform>%Ln selected log</numerusform>
            <numerusform>%Ln selected logs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln demo attempts</source>
        <translation>
            <numerusform>%Ln demo attempt</numerusform>
            <numerusform>%Ln demo attempts</numerusform>
        </translation>
    </message>
</context>
</TS>