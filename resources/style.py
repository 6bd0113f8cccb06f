"""The app's look: a quiet, clear government desktop tool — a light navigation bar, white
work area, one blue for what is chosen, consistent spacing. Kept as a Python string so the
frozen build finds it without packaging rules of its own."""

BLUE = "#1f5f99"

STYLESHEET = """
QMainWindow, QDialog { background: #f7f9fb; }
QListWidget#nav {
    background: #eef2f6; border: none; border-right: 1px solid #d5dde5; outline: 0;
    padding: 8px 0; font-size: 10.5pt;
}
QListWidget#nav::item { padding: 9px 10px; margin: 1px 6px; border-radius: 4px; color: #1d2b39; }
QListWidget#nav::item:hover { background: #e1e9f1; }
QListWidget#nav::item:selected { background: #d4e4f4; color: #0f3d66; font-weight: bold; }
QFrame#nav_panel { background: #eef2f6; border-right: 1px solid #d5dde5; }
QLabel#nav_school { font-weight: bold; color: #0f3d66; padding: 0 4px; }
QLabel#nav_unit_code { color: #5a6b7b; padding: 0 4px; }
QFrame#sync_card { background: #ffffff; border: 1px solid #d5dde5; border-radius: 6px; margin: 8px; }
QLabel#sync_card_state { font-weight: bold; }
QLabel#sync_card_pending { color: #3b4a59; }
QStackedWidget#stack { background: #ffffff; }
QStatusBar { background: #eef2f6; border-top: 1px solid #d5dde5; }
QStatusBar QLabel { padding: 0 6px; }
QPushButton { padding: 4px 12px; min-height: 20px; }
QPushButton:default { border: 1px solid #1f5f99; }
QHeaderView::section { background: #eef2f6; border: none; border-right: 1px solid #d5dde5;
                       border-bottom: 1px solid #d5dde5; padding: 4px 6px; font-weight: bold; color: #1d2b39; }
QTableView, QTreeView, QTreeWidget { gridline-color: #e3e8ee; selection-background-color: #d4e4f4;
                                      selection-color: #0f3d66; alternate-background-color: #f7f9fb; }
QGroupBox { font-weight: bold; color: #0f3d66; }
"""
