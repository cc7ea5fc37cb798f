"""Reference data and its loaders: the indicator catalogue and the unit lists."""
