"""Built-in rules for ISO 18295-2 (the client), one module per clause or topic."""
