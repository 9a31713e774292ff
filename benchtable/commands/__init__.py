"""One module per CLI command; each registers itself on `benchtable.app.cli`."""
