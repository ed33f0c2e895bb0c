"""QtGui painting that must look the same everywhere (cards, cover titles, phone frame, demo scenes).

QtGui only: QImage and QPainter, no widgets, runs offscreen. Callers need a QGuiApplication.
"""
