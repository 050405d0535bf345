"""Tools that write model files and the unit registry: new, import, the yearly cycle."""
