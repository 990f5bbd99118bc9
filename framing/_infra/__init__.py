"""Infrastructure shared by every layer: errors, paths, hashing, atomic writes and the cache.

Nothing here imports another part of framing.
"""
