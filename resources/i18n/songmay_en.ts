<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>ConflictIndicator</name>
        <message numerus="yes">
            <source>%n conflict(s) to review</source>
            <translation>
                <numerusform>%n conflict to review</numerusform>
                <numerusform>%n conflicts to review</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>DashboardPage</name>
        <message numerus="yes">
            <source>Children still waiting: %Ln</source>
            <translation>
                <numerusform>Children still waiting: %Ln</numerusform>
                <numerusform>Children still waiting: %Ln</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HandoversPage</name>
        <message numerus="yes">
            <source>%n child(ren) waiting</source>
            <translation>
                <numerusform>%n child waiting</numerusform>
                <numerusform>%n children waiting</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReceiveListDialog</name>
        <message numerus="yes">
            <source>%n line(s)</source>
            <translation>
                <numerusform>%n line</numerusform>
                <numerusform>%n lines</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n ready to save</source>
            <translation>
                <numerusform>%n ready to save</numerusform>
                <numerusform>%n ready to save</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n with problems</source>
            <translation>
                <numerusform>%n with problems</numerusform>
                <numerusform>%n with problems</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Saved %n device(s).</source>
            <translation>
                <numerusform>Saved %n device.</numerusform>
                <numerusform>Saved %n devices.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Skipped %n line(s):</source>
            <translation>
                <numerusform>Skipped %n line:</numerusform>
                <numerusform>Skipped %n lines:</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RosterImportDialog</name>
        <message numerus="yes">
            <source>%n row(s)</source>
            <translation>
                <numerusform>%n row</numerusform>
                <numerusform>%n rows</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n with problems</source>
            <translation>
                <numerusform>%n with problems</numerusform>
                <numerusform>%n with problems</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Importing %n row(s)…</source>
            <translation>
                <numerusform>Importing %n row…</numerusform>
                <numerusform>Importing %n rows…</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SimsModel</name>
        <message numerus="yes">
            <source>The free period ends in %n day(s), on {0}.</source>
            <translation>
                <numerusform>The free period ends in %n day, on {0}.</numerusform>
                <numerusform>The free period ends in %n days, on {0}.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>StudentsPage</name>
        <message numerus="yes">
            <source>%n student(s)</source>
            <translation>
                <numerusform>%n student</numerusform>
                <numerusform>%n students</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SyncStatusBar</name>
        <message numerus="yes">
            <source>%n notice(s) from the server</source>
            <translation>
                <numerusform>%n notice from the server</numerusform>
                <numerusform>%n notices from the server</numerusform>
            </translation>
        </message>
    </context>
</TS>
