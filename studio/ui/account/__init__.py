"""What the platform says about the person: account menu, upload queue, my posts, and their wiring into the
creator's window.
"""
