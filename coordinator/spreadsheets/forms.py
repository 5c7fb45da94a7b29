"""The forms of spreadsheet imports: the upload, and the confirmation of a checked file."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..validation import HardenedFormMixin
from . import files, imports


class UploadForm(HardenedFormMixin, forms.Form):
    """A CSV or XLSX file for ``entry``, read at once: a file that cannot be imported is
    refused here with the reason (``cleaned_data["sheet"]``, ``["format"]``, ``["content"]``
    for the view)."""

    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=_("CSV or Excel (XLSX), with the columns of the template on the first line."))

    def __init__(self, *args, entry, actor, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.entry, self.actor = entry, actor

    def clean_file(self):
        upload = self.cleaned_data["file"]
        fmt = files.format_of(upload.name)
        if fmt is None:
            raise ValidationError(_("Choose a file ending in .csv or .xlsx."))
        if upload.size > settings.LINCHPIN_SPREADSHEET_MAX_BYTES:
            raise ValidationError(_("The file is larger than %(mb)s MB: split it in parts.")
                                  % {"mb": settings.LINCHPIN_SPREADSHEET_MAX_BYTES
                                     // (1024 * 1024)})
        content = upload.read()
        self.cleaned_data["sheet"] = imports.validate_file(self.entry, self.actor, content, fmt)
        self.cleaned_data["format"], self.cleaned_data["content"] = fmt, content
        return upload


class ConfirmForm(HardenedFormMixin, forms.Form):
    """Import the checked file; with bad rows, only when the user chooses to skip them."""

    skip_bad_rows = forms.BooleanField(
        label=_("Skip the bad rows and import the rest"), required=False)

    def __init__(self, *args, bad: int = 0, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.bad = bad

    def clean(self):
        cleaned = super().clean()
        if self.bad and not cleaned.get("skip_bad_rows"):
            raise ValidationError(_(
                "The file has bad rows: correct them and upload it again, or tick “Skip the "
                "bad rows and import the rest”."))
        return cleaned
