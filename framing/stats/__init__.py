"""Statistics on arrays: the bootstrap engine and the keyness tests; no corpus or matrix types."""
