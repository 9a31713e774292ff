"""Format readers: each turns a document's bytes into format-neutral `Table`s."""
