"""The small widget kit the pages and dialogs share instead of copies (DESIGN §3): one
form dialog base (``form_dialog.FormDialog``), one choice combo (``choices.ChoiceCombo``)
and one table factory (``tables``)."""
