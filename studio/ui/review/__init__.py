"""The reviewer's window and queue, with the phone's WeChat sheet drawn inside it.
"""
