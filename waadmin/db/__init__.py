"""Database access: typed models for both Django layouts, detection, queries, atomic transitions."""
