from django import forms
from django.utils.translation import gettext_lazy as _

from omur.core.forms import StyledFormMixin
from omur.registry.imports.uploads import upload_kind

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # about 200,000 rows of CSV


class ImportUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or Windows Turkish, comma or semicolon) or Excel .xlsx, at most 25 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> object:
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 25 MB: split it into smaller files."))
        if file.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        # By content, not by name or the browser's content type, both of which the uploader controls.
        kind = upload_kind(file)
        if kind == "xls":
            raise forms.ValidationError(
                _("This is an old Excel (.xls) file: save it as .xlsx or as CSV and upload again.")
            )
        if kind not in {"csv", "xlsx"}:
            raise forms.ValidationError(_("This is not a CSV or XLSX file."))
        return file
