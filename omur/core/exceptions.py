from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A use case refused: the message says what to fix and is shown to the user as it is."""

    message = _("The request could not be completed.")

    def __init__(self, message: str | None = None, **params: object) -> None:
        self.params = params
        text = str(message if message is not None else self.message)
        if params:
            text = text % params
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return self.text
