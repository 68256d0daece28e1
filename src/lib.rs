//! leerpad: builds a static e-learning site from Markdown and YAML.
