"""The merchant's listings window: the listings table and its model, CSV import, conflicts with the platform, the
applet link.
"""
