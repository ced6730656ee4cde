from omur.core.crypto import EncryptedTextField, decrypt_text


def test_encrypted_text_field_stores_a_token_not_the_text() -> None:
    field = EncryptedTextField()
    token = field.get_prep_value("Çocuk terapide kaygılı görünüyordu.")
    assert "kaygılı" not in token and token != field.get_prep_value("Çocuk terapide kaygılı görünüyordu.")
    assert decrypt_text(token) == "Çocuk terapide kaygılı görünüyordu."
    assert field.from_db_value(token, None, None) == "Çocuk terapide kaygılı görünüyordu."


def test_encrypted_text_field_keeps_empty_values_empty() -> None:
    field = EncryptedTextField()
    assert field.get_prep_value("") == "" and field.get_prep_value(None) == ""
    assert field.from_db_value("", None, None) == "" and field.from_db_value(None, None, None) == ""
    assert field.to_python(None) == ""
