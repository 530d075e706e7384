"""The local vault: header, SQLCipher database, migrations, audit log, sealed blob files."""
