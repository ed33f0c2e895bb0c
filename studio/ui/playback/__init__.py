"""Playing a video: the player, the picture with its overlays, and the transport bar; the editor and the review
window both use them.
"""
