"""The hand-written runtime that every generated provider package builds on.

Generated code imports from here; nothing here imports generated code.
"""
