"""The requirement registry: clauses, rules, and the built-in rule packs."""
