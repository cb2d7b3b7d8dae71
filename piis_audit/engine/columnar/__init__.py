"""The columnar engine: derived facts as columns, each check kind deciding all cases at once
(docs/architecture.md, step 2). Run beside the case-by-case engine until it replaces it."""
