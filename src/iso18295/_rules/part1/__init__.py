"""Built-in rules for ISO 18295-1 (the contact centre), one module per clause."""
