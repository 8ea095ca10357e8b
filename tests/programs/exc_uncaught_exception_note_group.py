# An uncaught exception carrying several notes, raised from a nested helper.
def validate(record):
    err = ValueError(f"invalid record {record['id']}")
    for field in ("name", "email"):
        if not record.get(field):
            err.add_note(f"missing field: {field}")
    if getattr(err, "__notes__", None):
        raise err
    return True
print(validate({"id": 1, "name": "a", "email": "b"}))
validate({"id": 2, "name": ""})
