"""The PySide6 app: windows, widgets, item models, undo commands, workers. Holds no rules."""
