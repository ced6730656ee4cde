"""Views of case work, one module per area; thin: parse input, call one selector or service."""
