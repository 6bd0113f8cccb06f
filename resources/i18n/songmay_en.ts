<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>AllocationDialog</name>
        <message numerus="yes">
            <source>%n device(s) listed</source>
            <translation>
                <numerusform>%n device listed</numerusform>
                <numerusform>%n devices listed</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>AllocationsPage</name>
        <message numerus="yes">
            <source>The devices it lists leave this unit's stock now: %n.</source>
            <translation>
                <numerusform>The devices it lists leave this unit's stock now: %n.</numerusform>
                <numerusform>The devices it lists leave this unit's stock now: %n.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Listed devices now in the school's stock: %n.</source>
            <translation>
                <numerusform>Listed devices now in the school's stock: %n.</numerusform>
                <numerusform>Listed devices now in the school's stock: %n.</numerusform>
            </translation>
        </message>
    </context>
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
        <name>DonationsPage</name>
        <message numerus="yes">
            <source>%n donation(s)</source>
            <translation>
                <numerusform>%n donation</numerusform>
                <numerusform>%n donations</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>EnrolmentFileDialog</name>
        <message numerus="yes">
            <source>This office may write enrolment files for %n school(s) until {0}.</source>
            <translation>
                <numerusform>This office may write enrolment files for %n school until {0}.</numerusform>
                <numerusform>This office may write enrolment files for %n schools until {0}.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message numerus="yes">
            <source>Not yet at the province: %n record(s).</source>
            <translation>
                <numerusform>Not yet at the province: %n record.</numerusform>
                <numerusform>Not yet at the province: %n records.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>For the schools, from the province (%n school computer(s)):</source>
            <translation>
                <numerusform>For the schools, from the province (%n school computer):</numerusform>
                <numerusform>For the schools, from the province (%n school computers):</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n warning(s)</source>
            <translation>
                <numerusform>%n warning</numerusform>
                <numerusform>%n warnings</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n school bundle(s) still wait to go up to the province ({0}): choose “Sync now” where there is a connection first, so the schools get the province's answer on this stick.</source>
            <translation>
                <numerusform>%n school bundle still wait to go up to the province ({0}): choose “Sync now” where there is a connection first, so the schools get the province's answer on this stick.</numerusform>
                <numerusform>%n school bundles still wait to go up to the province ({0}): choose “Sync now” where there is a connection first, so the schools get the province's answer on this stick.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) of {0}, {1}.</source>
            <translation>
                <numerusform>%n record of {0}, {1}.</numerusform>
                <numerusform>%n records of {0}, {1}.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Also put on the stick for the schools: %n acknowledgement(s) from the province. Each school imports them with “Import from USB…”.</source>
            <translation>
                <numerusform>Also put on the stick for the schools: %n acknowledgement from the province. Each school imports them with “Import from USB…”.</numerusform>
                <numerusform>Also put on the stick for the schools: %n acknowledgements from the province. Each school imports them with “Import from USB…”.</numerusform>
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
        <name>ImportDialog</name>
        <message numerus="yes">
            <source>%n bundle(s) found: </source>
            <translation>
                <numerusform>%n bundle found: </numerusform>
                <numerusform>%n bundles found: </numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s) cannot be read here (sealed for the province only): they will be kept and carried to the province at the next sync.</source>
            <translation>
                <numerusform>%n bundle cannot be read here (sealed for the province only): they will be kept and carried to the province at the next sync.</numerusform>
                <numerusform>%n bundles cannot be read here (sealed for the province only): they will be kept and carried to the province at the next sync.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s): </source>
            <translation>
                <numerusform>%n bundle: </numerusform>
                <numerusform>%n bundles: </numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s) could not be read here and are carried to the province unread (the reason and what fixes it are in the table).</source>
            <translation>
                <numerusform>%n bundle could not be read here and are carried to the province unread (the reason and what fixes it are in the table).</numerusform>
                <numerusform>%n bundles could not be read here and are carried to the province unread (the reason and what fixes it are in the table).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n bundle(s) wait to go up to the province: they are relayed at the next sync with the provincial server.</source>
            <translation>
                <numerusform>%n bundle wait to go up to the province: they are relayed at the next sync with the provincial server.</numerusform>
                <numerusform>%n bundles wait to go up to the province: they are relayed at the next sync with the provincial server.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Records refused (%n):</source>
            <translation>
                <numerusform>Records refused (%n):</numerusform>
                <numerusform>Records refused (%n):</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Children active at two or more schools (same personal ID): %n</source>
            <translation>
                <numerusform>Children active at two or more schools (same personal ID): %n</numerusform>
                <numerusform>Children active at two or more schools (same personal ID): %n</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ImportResultsModel</name>
        <message numerus="yes">
            <source>%n record(s)</source>
            <translation>
                <numerusform>%n record</numerusform>
                <numerusform>%n records</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) refused: the reasons are listed below.</source>
            <translation>
                <numerusform>%n record refused: the reasons are listed below.</numerusform>
                <numerusform>%n records refused: the reasons are listed below.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message numerus="yes">
            <source>Children still waiting: %Ln</source>
            <translation>
                <numerusform>Children still waiting: %Ln</numerusform>
                <numerusform>Children still waiting: %Ln</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PlacePicker</name>
        <message numerus="yes">
            <source>%n file(s) in {0}</source>
            <translation>
                <numerusform>%n file in {0}</numerusform>
                <numerusform>%n files in {0}</numerusform>
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
            <source>%n possibly already listed (tick “Different child” to import)</source>
            <translation>
                <numerusform>%n possibly already listed (tick “Different child” to import)</numerusform>
                <numerusform>%n possibly already listed (tick “Different child” to import)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n imported with a remark</source>
            <translation>
                <numerusform>%n imported with a remark</numerusform>
                <numerusform>%n imported with a remark</numerusform>
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
            <source>%n school bundle(s) relayed to the province</source>
            <translation>
                <numerusform>%n school bundle relayed to the province</numerusform>
                <numerusform>%n school bundles relayed to the province</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>acknowledgements for %n school computer(s) wait for the next Export to USB</source>
            <translation>
                <numerusform>acknowledgements for %n school computer wait for the next Export to USB</numerusform>
                <numerusform>acknowledgements for %n school computers wait for the next Export to USB</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n of the relayed bundles could not be read here (sealed for the province only): their records came back from the province with this sync.</source>
            <translation>
                <numerusform>%n of the relayed bundles could not be read here (sealed for the province only): their records came back from the province with this sync.</numerusform>
                <numerusform>%n of the relayed bundles could not be read here (sealed for the province only): their records came back from the province with this sync.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n notice(s) from the server</source>
            <translation>
                <numerusform>%n notice from the server</numerusform>
                <numerusform>%n notices from the server</numerusform>
            </translation>
        </message>
    </context>
</TS>
