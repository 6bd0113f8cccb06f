<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
</TS>
