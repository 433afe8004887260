"""Forms that validate what staff type or put in a URL, one module per screen."""
