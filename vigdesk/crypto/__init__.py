"""Key derivation, key wrapping and the sealed-blob (Tink streaming AEAD) format."""
