"""The creator's editor: the document and its undo commands, the timeline, popups and the finder's proposals,
cover, post, sound, problems, export, relink, and the project's files.
"""
