"""The form catalogue: field dictionary, form definitions, procedures and navigator rules,
loaded from the YAML files in ``forms/``. Qt-free."""
