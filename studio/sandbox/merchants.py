"""stub"""

routes: list = []
