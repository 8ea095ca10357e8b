# Uncaught exception raised while handling another one, with a note.
class ConfigError(Exception):
    pass
def load():
    try:
        {}["port"]
    except KeyError:
        err = ConfigError("port not configured")
        err.add_note("set PORT in the config file")
        raise err
load()
