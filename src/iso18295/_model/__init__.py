"""The domain model: typed, validated, immutable objects for what ISO 18295 talks about.

Every class here is ``@attrs.frozen(kw_only=True)``, validated on construction
(every problem reported at once, as `iso18295.errors.ModelError`), and changed with
``attrs.evolve``.  Bulk interaction records are columnar
(`iso18295.InteractionTable`), not objects.
"""
